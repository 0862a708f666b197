package e2e

import (
	"os/exec"
	"syscall"
)

// dieWithTest makes the kernel kill the serve process when the test binary
// dies (a timeout or a crash of the test), so no server outlives the run.
func dieWithTest(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
