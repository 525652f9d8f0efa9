package main

import (
	"os"

	"github.com/spf13/cobra"

	"github.com/quarryhunt/quarry/engine"
	"github.com/quarryhunt/quarry/exec"
)

// externalDataFlag is the persistent flag saying what externaldata may
// read; QUARRY_EXTERNALDATA gives its default.
const (
	externalDataFlag = "externaldata"
	externalDataEnv  = "QUARRY_EXTERNALDATA"
)

// externalAccessValue is --externaldata allow|local|deny, checked while
// the flags are parsed.
type externalAccessValue struct{ a exec.ExternalAccess }

func (v *externalAccessValue) String() string { return v.a.String() }
func (v *externalAccessValue) Type() string   { return "allow|local|deny" }

func (v *externalAccessValue) Set(s string) error {
	a, err := exec.ParseExternalAccess(s)
	if err != nil {
		return err
	}
	v.a = a
	return nil
}

func addExternalDataFlag(root *cobra.Command) {
	root.PersistentFlags().Var(&externalAccessValue{}, externalDataFlag,
		"what the externaldata operator may read: allow (local files and http(s) URLs), "+
			"local (local files only) or deny (nothing); default: $"+externalDataEnv+", else allow")
}

// withExternalData gives eng the externaldata rules of cmd.
func withExternalData(cmd *cobra.Command, eng *engine.Engine) (*engine.Engine, error) {
	opts, err := externalDataOptions(cmd)
	if err != nil {
		return nil, err
	}
	return eng.WithExternalData(opts), nil
}

// externalDataOptions are the externaldata rules of cmd: the flag when
// given, else the environment variable, else allow.
func externalDataOptions(cmd *cobra.Command) (exec.ExternalDataOptions, error) {
	access := exec.ExternalAllow
	if f := cmd.Flags().Lookup(externalDataFlag); f != nil && f.Changed {
		access = f.Value.(*externalAccessValue).a
	} else if env := os.Getenv(externalDataEnv); env != "" {
		a, err := exec.ParseExternalAccess(env)
		if err != nil {
			return exec.ExternalDataOptions{}, usagef("%s: %v", externalDataEnv, err)
		}
		access = a
	}
	return exec.ExternalDataOptions{Access: access}, nil
}
