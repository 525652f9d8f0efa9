package parsers

import (
	"strings"

	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/value"
)

func init() {
	functions.Register(&functions.Func{
		Name: "parse_path", Kind: functions.Scalar,
		Sig:  "parse_path(path: string): dynamic",
		Doc:  `Splits a file path (Windows or Unix, UNC, long \\?\ paths, file:// URLs, alternate data streams) into {"Scheme", "RootPath", "DirectoryPath", "DirectoryName", "Filename", "Extension", "AlternateDataStreamName"}.`,
		Bind: stringOnly("parse_path", stringToDynamic("parse_path", func(s string) any { return parsePath(s) })),
	})
}

func parsePath(s string) *value.Bag {
	var scheme, root, dir, dirName, file, ext, ads string
	rest := s
	if k := strings.Index(rest, "://"); k > 0 && validScheme(rest[:k]) {
		scheme, rest = rest[:k], rest[k+3:]
	}
	// The drive of a long path (\\?\C:\...) or a plain one (C:\...).
	body := rest
	if strings.HasPrefix(body, `\\?\`) || strings.HasPrefix(body, `//?/`) {
		body = body[4:]
	}
	if len(body) >= 2 && body[1] == ':' && isLetter(body[0]) {
		root = body[:2]
	}
	last := strings.LastIndexAny(rest, `/\`)
	if last >= 0 {
		dir, file = rest[:last], rest[last+1:]
		if dir == "" || (dir == `\` || dir == "/") {
			dir = rest[:last+1]
		}
	} else {
		file = rest
		if root != "" && strings.HasPrefix(file, root) {
			dir, file = root, file[len(root):]
		}
	}
	if dir != "" && dir != root {
		trimmed := strings.TrimRight(dir, `/\`)
		dirName = trimmed[strings.LastIndexAny(trimmed, `/\`)+1:]
		if dirName == root {
			dirName = ""
		}
	}
	if c := strings.IndexByte(file, ':'); c >= 0 {
		file, ads = file[:c], file[c+1:]
	}
	if d := strings.LastIndexByte(file, '.'); d >= 0 {
		ext = file[d+1:]
	}
	b := value.NewBag(7)
	for _, kv := range []struct{ k, v string }{
		{"Scheme", scheme}, {"RootPath", root}, {"DirectoryPath", dir}, {"DirectoryName", dirName},
		{"Filename", file}, {"Extension", ext}, {"AlternateDataStreamName", ads},
	} {
		b.Set(kv.k, strings.Clone(kv.v))
	}
	return b
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
