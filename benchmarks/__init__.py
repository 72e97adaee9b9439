"""Speed and memory measurements, run on demand."""
