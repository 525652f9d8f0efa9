package rule

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/quarryhunt/quarry/hunt/internal/qtext"
	"github.com/quarryhunt/quarry/hunt/internal/yamlx"
)

// IsTestFile reports whether a file name is a rule test (*.test.yaml).
func IsTestFile(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, ".test.yaml") || strings.HasSuffix(n, ".test.yml")
}

func isYAML(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, ".yaml") || strings.HasSuffix(n, ".yml")
}

func isKQL(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, ".kql") || strings.HasSuffix(n, ".csl")
}

// Load reads the rules in paths: files, and folders walked recursively
// for *.yaml, *.yml and *.kql (rule tests, *.test.yaml, are skipped, as
// are YAML files in folders that are plainly not rules). A rule that
// cannot be read is returned with Err set, so that it is reported with
// the others; the error is only for a path that cannot be read at all.
func Load(paths ...string) ([]*Rule, error) {
	var out []*Rule
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("rules: %w", err)
		}
		if !st.IsDir() {
			out = append(out, LoadFile(p, true)...)
			continue
		}
		var files []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if path != p && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if (isYAML(d.Name()) && !IsTestFile(d.Name())) || isKQL(d.Name()) {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("rules: %w", err)
		}
		sort.Strings(files)
		for _, f := range files {
			out = append(out, LoadFile(f, false)...)
		}
	}
	markDuplicates(out)
	return out, nil
}

// LoadFile reads the rules of one file (a YAML file may hold several
// documents). explicit says the user named the file, so a YAML file that
// is not a rule is an error rather than skipped.
func LoadFile(path string, explicit bool) []*Rule {
	data, err := os.ReadFile(path)
	if err != nil {
		return []*Rule{broken(path, 0, err)}
	}
	if isKQL(path) {
		return []*Rule{fromKQL(path, string(data))}
	}
	return FromYAML(path, data, explicit)
}

func baseName(path string) string {
	b := filepath.Base(path)
	for ext := filepath.Ext(b); ext != ""; ext = filepath.Ext(b) {
		b = strings.TrimSuffix(b, ext)
	}
	return b
}

func broken(path string, line int, err error) *Rule {
	b := baseName(path)
	return &Rule{File: path, Line: line, ID: b, Name: b, Err: err}
}

func fromKQL(path, text string) *Rule {
	b := baseName(path)
	r := &Rule{File: path, Line: 1, Kind: KQL, ID: b, Name: b, Query: text}
	r.QueryAt = &qtext.Origin{Src: yamlx.Text{Text: text, File: path, Line: 1, Col: 1, Block: true}}
	if strings.TrimSpace(text) == "" {
		r.Err = &yamlx.Error{File: path, Line: 1, Msg: "the file holds no query"}
	}
	return r
}

// FromYAML reads the rules of a YAML file's content.
func FromYAML(path string, data []byte, explicit bool) []*Rule {
	docs, err := yamlx.Parse(path, data)
	if err != nil {
		line := 0
		if ye, ok := err.(*yamlx.Error); ok {
			line = ye.Line
		}
		return []*Rule{broken(path, line, err)}
	}
	var out []*Rule
	for _, d := range docs {
		fields, err := d.Root.Map()
		if err != nil {
			out = append(out, broken(path, d.Root.Line, err))
			continue
		}
		if !explicit && !looksLikeRule(fields) {
			continue
		}
		out = append(out, fromFields(path, d.Root, fields))
	}
	if len(out) == 0 && explicit {
		out = append(out, broken(path, 1, &yamlx.Error{File: path, Line: 1, Msg: "the file holds no rule (a rule has at least a query)"}))
	}
	return out
}

// looksLikeRule tells rule files from other YAML in a rules folder
// (exclusions, tests, connector definitions): a rule has a query, or at
// least an id or name and none of the other files' top-level keys.
func looksLikeRule(fields []yamlx.Field) bool {
	has := map[string]bool{}
	for _, f := range fields {
		has[f.Key] = true
	}
	if has["query"] {
		return true
	}
	if has["exclusions"] || has["tests"] || has["rule"] || has["expect"] {
		return false
	}
	return has["id"] && has["name"]
}
