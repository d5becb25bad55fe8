// Package serve holds what the engine tier's language hosts share: starting the gRPC server the
// way the engine expects (port on the first line of stdout), reading a runtime option, and the
// answer to the exit of a run.
package serve

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"google.golang.org/grpc"
	pbempty "google.golang.org/protobuf/types/known/emptypb"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// ExitAfterLoggedError is the exit code of @pulumi/pulumi's run script and of Python's exec
// script after they have already reported the error to the engine.
const ExitAfterLoggedError = 32

// Base answers what every host of ours answers alike; a host embeds it.
type Base struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	// Version is the plugin version reported (the CLI's, set at build time).
	Version string
	// EngineAddress is the engine's gRPC address (EngineAddress()).
	EngineAddress string
}

func (b *Base) GetPluginInfo(context.Context, *pbempty.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: strings.TrimPrefix(b.Version, "v")}, nil
}

// GetRequiredPackages: none up front. The engine loads a provider, or a package the project
// declares (Pulumi.yaml `packages`), when the program first registers one of its resources.
func (b *Base) GetRequiredPackages(context.Context, *pulumirpc.GetRequiredPackagesRequest) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (b *Base) GetRequiredPlugins(context.Context, *pulumirpc.GetRequiredPluginsRequest) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

// EngineAddress is the engine's address: the last argument, after optional flags (-v=9,
// --tracing ...).
func EngineAddress() string {
	var engine string
	for _, a := range os.Args[1:] {
		if !strings.HasPrefix(a, "-") {
			engine = a
		}
	}
	return engine
}

// Language serves a language runtime and blocks until the engine stops it.
func Language(name string, srv pulumirpc.LanguageRuntimeServer) {
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(s *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(s, srv)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		os.Exit(1)
	}
	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		os.Exit(1)
	}
}

// Option reads a runtime option of Pulumi.yaml / PulumiPlugin.yaml (`runtime.options`) as text.
func Option(info *pulumirpc.ProgramInfo, key string) (string, bool) {
	if info == nil || info.Options == nil {
		return "", false
	}
	v, ok := info.Options.Fields[key]
	if !ok {
		return "", false
	}
	switch x := v.AsInterface().(type) {
	case string:
		return x, true
	case bool:
		return strconv.FormatBool(x), true
	default:
		return fmt.Sprint(x), true
	}
}

// RunResult turns the exit of a program's process into the engine's answer: an error the
// program already reported is a bail, not a second message.
func RunResult(err error, tool, fix string) *pulumirpc.RunResponse {
	var exit *exec.ExitError
	switch {
	case err == nil:
		return &pulumirpc.RunResponse{}
	case errors.As(err, &exit) && exit.ExitCode() == ExitAfterLoggedError:
		return &pulumirpc.RunResponse{Bail: true}
	case errors.As(err, &exit):
		return &pulumirpc.RunResponse{
			Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exit.ExitCode()),
		}
	default:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("cannot run %s: %v; fix: %s", tool, err, fix)}
	}
}

// ConfigEnv: the stack's config and its secret keys as the JSON objects the SDKs' run scripts
// read from PULUMI_CONFIG and PULUMI_CONFIG_SECRET_KEYS ({} and [] when there are none: Python's
// reads a JSON null as an error).
func ConfigEnv(req *pulumirpc.RunRequest) (string, string, error) {
	config := req.GetConfig()
	if config == nil {
		config = map[string]string{}
	}
	keys := req.GetConfigSecretKeys()
	if keys == nil {
		keys = []string{}
	}
	c, err := json.Marshal(config)
	if err != nil {
		return "", "", err
	}
	k, err := json.Marshal(keys)
	return string(c), string(k), err
}
