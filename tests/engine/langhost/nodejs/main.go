// pulumi-language-nodejs for the engine tier: a minimal Node.js language host.
//
// The real host (module github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3)
// is not served by the Go module proxy at any version (it is an untagged nested module), so
// the engine tier builds this one instead. It does what the engine needs for preview, up,
// refresh and destroy of a TypeScript program: it runs @pulumi/pulumi's own run script
// (node_modules/@pulumi/pulumi/cmd/run) with the monitor address, project, stack and config,
// exactly the arguments and environment that script documents. It also runs source-based
// plugins (plugin.go), which pgseed's multi-language package is. Plugin discovery is left to
// the engine (providers load when the program registers a resource); SDK generation and
// linking for Node.js projects are not offered (a TypeScript program uses the library itself).
package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"pgseed/engine/langhost/internal/serve"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// Set with -ldflags "-X main.version=v3.248.0".
var version = "3.0.0"

type host struct{ serve.Base }

// sdkScript finds @pulumi/pulumi/cmd/<name> (run, run-plugin) from dir upwards, as node's
// require would.
func sdkScript(dir, name string) (string, error) {
	for d := dir; ; d = filepath.Dir(d) {
		p := filepath.Join(d, "node_modules", "@pulumi", "pulumi", "cmd", name)
		if _, err := os.Stat(filepath.Join(p, "index.js")); err == nil {
			return p, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no node_modules/@pulumi/pulumi above %s; fix: run npm ci in the project", dir)
		}
	}
}

// nodeArgs: the nodeargs runtime option, split on white space (none of ours needs quoting).
func nodeArgs(info *pulumirpc.ProgramInfo) []string {
	nodeargs, _ := serve.Option(info, "nodeargs")
	return strings.Fields(nodeargs)
}

// typescriptEnv: the project's (or plugin's) typescript and tsconfig options, as the variables
// @pulumi/pulumi's run scripts read (TypeScript is on unless the option says false).
func typescriptEnv(info *pulumirpc.ProgramInfo) []string {
	var env []string
	if ts, ok := serve.Option(info, "typescript"); !ok || ts == "true" {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if tsconfig, ok := serve.Option(info, "tsconfig"); ok && tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}
	return env
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	pwd := req.GetPwd()
	if req.GetInfo() != nil && req.GetInfo().GetProgramDirectory() != "" {
		pwd = req.GetInfo().GetProgramDirectory()
	}
	script, err := sdkScript(pwd, "run")
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	args := append(nodeArgs(req.GetInfo()), script,
		"--monitor", req.GetMonitorAddress(),
		"--engine", h.EngineAddress,
		"--project", req.GetProject(),
		"--stack", req.GetStack(),
		"--pwd", pwd,
		"--parallel", strconv.Itoa(int(req.GetParallel())))
	if req.GetOrganization() != "" {
		args = append(args, "--organization", req.GetOrganization())
	}
	if req.GetInfo() != nil && req.GetInfo().GetRootDirectory() != "" {
		args = append(args, "--root-directory", req.GetInfo().GetRootDirectory())
	}
	if req.GetDryRun() {
		args = append(args, "--dry-run")
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
	env := append(os.Environ(),
		"PULUMI_CONFIG="+config,
		"PULUMI_CONFIG_SECRET_KEYS="+secretKeys)
	env = append(env, typescriptEnv(req.GetInfo())...)

	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir = pwd
	cmd.Env = env
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	return serve.RunResult(cmd.Run(), "node", "put Node.js on PATH"), nil
}

func main() {
	serve.Language("pulumi-language-nodejs", &host{serve.Base{Version: version, EngineAddress: serve.EngineAddress()}})
}
