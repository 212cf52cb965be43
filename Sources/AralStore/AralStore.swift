// Store.
