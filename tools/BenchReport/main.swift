print("bench-report")
