"""The exchange between laptops in the window: invite, join, send, receive, conflicts."""
