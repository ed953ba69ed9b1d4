package main

import (
	"context"
	"io"
)

func cmdSimulate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return usageError{"simulate: not wired yet"}
}
