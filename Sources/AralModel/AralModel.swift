// Model core: see the files of this folder.
