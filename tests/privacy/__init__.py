"""Privacy self-service and erasure."""
