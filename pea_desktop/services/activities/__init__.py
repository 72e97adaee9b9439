"""Activities: the list, the form's save, duplicate, delete and restore, and their costs."""
