// What `pulumi package add <plugin>` asks of a Python host: the package's SDK (GeneratePackage,
// pkg/v3's Python generator, as the real host uses) and its installation into the project
// (Link). InstallDependencies makes the project's virtualenv when it is missing.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	pygen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

func (h *host) GeneratePackage(
	ctx context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	loader, err := schema.NewLoaderClient(req.GetLoaderTarget())
	if err != nil {
		return nil, err
	}
	defer loader.Close()
	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.GetSchema()), &spec); err != nil {
		return nil, err
	}
	cached := schema.NewCachedLoader(loader)
	pkg, diags, err := schema.BindSpec(spec, cached, schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return nil, err
	}
	resp := &pulumirpc.GeneratePackageResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}
	if diags.HasErrors() {
		return resp, nil
	}
	files, err := pygen.GeneratePackage("pulumi-language-python", pkg, req.GetExtraFiles(), cached)
	if err != nil {
		return nil, err
	}
	for name, data := range files {
		out := filepath.Join(req.GetDirectory(), name)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(out, data, 0o644); err != nil {
			return nil, err
		}
	}
	return resp, nil
}

// Link installs each generated SDK into the project's virtualenv (pip, from its folder, without
// an index or a build environment: nothing is downloaded) and lists it in requirements.txt, so
// a fresh virtualenv gets it too.
func (h *host) Link(ctx context.Context, req *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	root := req.GetInfo().GetRootDirectory()
	var imports []string
	for _, dep := range req.GetPackages() {
		dir := filepath.Join(root, dep.GetPath())
		cmd := exec.CommandContext(ctx, python(req.GetInfo()), "-m", "pip", "install", "--quiet",
			"--no-deps", "--no-index", "--no-build-isolation", dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("pip install %s failed: %w\n%s", dir, err, out)
		}
		if err := addRequirement(root, dep.GetPath()); err != nil {
			return nil, err
		}
		name := strings.ReplaceAll(dep.GetPackage().GetName(), "-", "_")
		imports = append(imports, fmt.Sprintf("import pulumi_%s as %s", name, name))
	}
	return &pulumirpc.LinkResponse{ImportInstructions: strings.Join(imports, "\n")}, nil
}

// addRequirement appends path to the project's requirements.txt unless it is listed already.
func addRequirement(root, path string) error {
	file := filepath.Join(root, "requirements.txt")
	text, err := os.ReadFile(file)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	for _, line := range strings.Split(string(text), "\n") {
		if strings.TrimSpace(line) == path {
			return nil
		}
	}
	if len(text) > 0 && !strings.HasSuffix(string(text), "\n") {
		text = append(text, '\n')
	}
	return os.WriteFile(file, append(text, []byte(path+"\n")...), 0o644)
}

// InstallDependencies creates a missing virtualenv and installs requirements.txt into it; an
// existing one is left as it is.
func (h *host) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	venv := virtualenv(req.GetInfo())
	if venv == "" {
		return nil
	}
	if _, err := os.Stat(filepath.Join(venv, "bin", "python")); err == nil {
		return nil
	}
	closer, stdout, stderr, err := rpcutil.MakeInstallDependenciesStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()
	steps := [][]string{{"python3", "-m", "venv", venv}}
	reqs := filepath.Join(req.GetInfo().GetRootDirectory(), "requirements.txt")
	if _, err := os.Stat(reqs); err == nil {
		steps = append(steps, []string{filepath.Join(venv, "bin", "python"), "-m", "pip", "install", "-r", reqs})
	}
	for _, step := range steps {
		cmd := exec.CommandContext(server.Context(), step[0], step[1:]...)
		cmd.Dir = req.GetInfo().GetRootDirectory()
		cmd.Stdout, cmd.Stderr = stdout, stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("%s failed: %w", strings.Join(step, " "), err)
		}
	}
	return closer.Close()
}
