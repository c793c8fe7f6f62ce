"""Pure indicator engine: filters, intervals, small-cell suppression and change levels."""
