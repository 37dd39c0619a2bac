"""Scale benchmarks: generated claims for 7 and 398 districts, measured in fresh processes."""
