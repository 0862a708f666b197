//go:build !linux

package e2e

import "os/exec"

// dieWithTest has no portable equivalent outside Linux; Cleanup stops the
// process on a normal end.
func dieWithTest(cmd *exec.Cmd) {}
