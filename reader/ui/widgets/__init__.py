"""Widgets of the thread screen: the comment tree, the reading pane, the header, the search bar."""
