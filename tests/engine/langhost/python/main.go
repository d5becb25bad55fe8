// pulumi-language-python for the engine tier: a minimal Python language host.
//
// The real host (module github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3) is an
// untagged nested module the Go module proxy refuses at every version, like the Node.js one. Its
// program runner, the pulumi-language-python-exec script, ships in the sdk/v3 module, and the
// Python SDK is the `pulumi` package on PyPI, so this host only does the plumbing: it runs that
// script under the project's virtualenv with the engine's arguments (Run), generates a package's
// Python SDK with pkg/v3's own generator (GeneratePackage, for `pulumi package add`) and installs
// it into the virtualenv (Link). Dependency installation creates the virtualenv from
// requirements.txt when it is missing, as the real host does.
package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"

	"pgseed/engine/langhost/internal/serve"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// Set with -ldflags "-X main.version=v3.248.0".
var version = "3.0.0"

type host struct{ serve.Base }

// virtualenv is the project's `runtime.options.virtualenv`, relative to its root folder; empty
// when the project names none (then python3 on PATH runs the program).
func virtualenv(info *pulumirpc.ProgramInfo) string {
	venv, ok := serve.Option(info, "virtualenv")
	if !ok || venv == "" {
		return ""
	}
	if !filepath.IsAbs(venv) {
		venv = filepath.Join(info.GetRootDirectory(), venv)
	}
	return venv
}

func python(info *pulumirpc.ProgramInfo) string {
	if venv := virtualenv(info); venv != "" {
		return filepath.Join(venv, "bin", "python")
	}
	return "python3"
}

// execScript is pulumi-language-python-exec, installed next to this binary by
// scripts/build-pulumi.sh (from the sdk/v3 module, python/cmd).
func execScript() (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	p := filepath.Join(filepath.Dir(self), "pulumi-language-python-exec")
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("%s is missing; fix: bash scripts/build-pulumi.sh", p)
	}
	return p, nil
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	script, err := execScript()
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	info := req.GetInfo()
	pwd := req.GetPwd()
	if info.GetProgramDirectory() != "" {
		pwd = info.GetProgramDirectory()
	}
	args := []string{"-u", script,
		"--monitor", req.GetMonitorAddress(),
		"--engine", h.EngineAddress,
		"--project", req.GetProject(),
		"--stack", req.GetStack(),
		"--pwd", pwd,
		"--dry_run", strconv.FormatBool(req.GetDryRun()),
		"--parallel", strconv.Itoa(int(req.GetParallel()))}
	if req.GetOrganization() != "" {
		args = append(args, "--organization", req.GetOrganization())
	}
	if info.GetRootDirectory() != "" {
		args = append(args, "--root_directory", info.GetRootDirectory())
	}
	program := req.GetProgram()
	if program == "" {
		program = "."
	}
	args = append(args, program)
	args = append(args, req.GetArgs()...)

	config, secretKeys, err := serve.ConfigEnv(req)
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, python(info), args...)
	cmd.Dir = pwd
	cmd.Env = append(os.Environ(),
		"PULUMI_CONFIG="+config,
		"PULUMI_CONFIG_SECRET_KEYS="+secretKeys,
		"PYTHONUNBUFFERED=1")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return serve.RunResult(cmd.Run(), python(info), "create the project's virtualenv (pulumi install)"), nil
}

func main() {
	serve.Language("pulumi-language-python", &host{serve.Base{Version: version, EngineAddress: serve.EngineAddress()}})
}
