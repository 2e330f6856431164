// Filled in by this change.
