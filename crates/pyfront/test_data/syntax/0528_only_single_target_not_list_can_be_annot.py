([]): int
