// Formats.
