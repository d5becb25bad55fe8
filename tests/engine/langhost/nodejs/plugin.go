// Source-based plugins: what the engine asks of the Node.js host to run a folder with a
// PulumiPlugin.yaml (`runtime: nodejs`), as `pulumi package get-schema <dir>`, `pulumi package add
// <dir>` and a program using that package do. The engine first installs the plugin's
// dependencies (InstallDependencies with IsPlugin), asks for the packages the plugin itself needs
// (GetRequiredPackages, answered in main.go), then starts it with RunPlugin and talks to it as to
// any resource provider over the port it prints.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// RunPlugin starts @pulumi/pulumi's cmd/run-plugin on the plugin folder, as the real host does:
// `node <run-plugin> <plugin dir> <engine args...>` in the engine's working folder, with the
// engine's environment. run-plugin loads the folder's package.json `main`; when that module
// exports ComponentResource classes it serves them as a component provider (schema from the
// TypeScript sources, Construct) and prints its port, which the engine reads from stdout.
func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	dir := req.GetInfo().GetProgramDirectory()
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()

	script, err := sdkScript(dir, "run-plugin")
	if err != nil {
		return err
	}
	args := append(nodeArgs(req.GetInfo()), script, dir)
	args = append(args, req.GetArgs()...)

	env := req.GetEnv()
	if len(env) == 0 {
		env = os.Environ()
	}
	env = append(env, typescriptEnv(req.GetInfo())...)

	cmd := exec.CommandContext(server.Context(), "node", args...)
	cmd.Dir = req.GetPwd()
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return fmt.Errorf("plugin %s exited with code %d", dir, exit.ExitCode())
		}
		return fmt.Errorf("cannot run node for plugin %s: %w; fix: put Node.js on PATH", dir, err)
	}
	return closer.Close()
}

// InstallDependencies: the engine calls it for a program folder and, with IsPlugin, for a
// source-based plugin before running it. A folder that already resolves @pulumi/pulumi (the
// plugin inside this repository or inside an installed pgseed package) needs nothing; any other
// gets `npm install`, as the real host would run.
func (h *host) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	dir := req.GetInfo().GetProgramDirectory()
	if dir == "" {
		dir = req.GetDirectory()
	}
	if _, err := sdkScript(dir, "run"); err == nil {
		return nil
	}
	closer, stdout, stderr, err := rpcutil.MakeInstallDependenciesStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()
	cmd := exec.CommandContext(server.Context(), "npm", "install", "--no-audit", "--no-fund")
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("npm install in %s failed: %w", dir, err)
	}
	return closer.Close()
}
