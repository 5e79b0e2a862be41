"""Modal dialogs: help, links, the note editor, the notes and bookmarks lists, open a file."""
