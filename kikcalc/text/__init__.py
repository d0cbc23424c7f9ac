"""Text that lands somewhere: escaping for each place, and number formats."""
