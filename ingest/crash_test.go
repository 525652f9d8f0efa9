//go:build unix

package ingest

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/quarryhunt/quarry/schema"
	"github.com/quarryhunt/quarry/storage"
)

const crashEnv = "QUARRY_INGEST_CRASH" // store dir|input files, for the child

// TestCrashChild is the process the crash test kills: it ingests the
// files named in $QUARRY_INGEST_CRASH. It does nothing in a normal run.
func TestCrashChild(t *testing.T) {
	spec := os.Getenv(crashEnv)
	if spec == "" {
		t.Skip("only run as the crash test's child process")
	}
	parts := strings.Split(spec, "|")
	st, err := storage.Open(parts[0], nil)
	if err != nil {
		fmt.Println("ERROR", err)
		os.Exit(2)
	}
	g, err := New(st, Options{Catalog: schema.Builtin(), ChunkBytes: 1 << 20})
	if err != nil {
		fmt.Println("ERROR", err)
		os.Exit(2)
	}
	if _, err := g.Run(context.Background(), parts[1:]); err != nil {
		fmt.Println("ERROR", err)
		os.Exit(2)
	}
	os.Exit(0)
}

// crashInput writes a file of n AlertInfo records over 20 days, every
// AlertId prefixed with the file's name.
func crashInput(t *testing.T, dir, name string, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `{"time":"2025-01-01T00:00:00Z","category":"AdvancedHunting-AlertInfo","properties":{"Timestamp":"2025-01-%02dT%02d:%02d:00Z","AlertId":"%s-%d","Title":"A potentially malicious URL click was detected","Severity":"High","ServiceSource":"Microsoft Defender for Office 365","Category":"InitialAccess %d"}}`+"\n",
			1+i%20, i%24, i%60, name, i, i%97)
	}
	return write(t, filepath.Join(dir, name+".json"), b.String())
}

// TestCrashMidIngest kills (SIGKILL) an ingest of three files while it
// writes the third, at several moments, and checks that the reopened
// store holds exactly the finished files; an ingest run afterwards
// completes the store.
func TestCrashMidIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	in := t.TempDir()
	rows := map[string]int{"a": 1000, "b": 2000, "c": 120000}
	files := []string{crashInput(t, in, "a", rows["a"]), crashInput(t, in, "b", rows["b"]), crashInput(t, in, "c", rows["c"])}
	r := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 4; trial++ {
		dir := t.TempDir()
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.v")
		cmd.Env = append(os.Environ(), crashEnv+"="+dir+"|"+strings.Join(files, "|"))
		out := &strings.Builder{}
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Trial 0 waits for the third file's data files to appear; the
		// others kill at a random moment.
		deadline := time.Now().Add(60 * time.Second)
		delay := time.Duration(r.IntN(1500)) * time.Millisecond
		start := time.Now()
		for time.Now().Before(deadline) {
			if trial == 0 && writingThird(dir) || trial > 0 && time.Since(start) > delay {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		if err == nil {
			t.Logf("trial %d: the child finished before the kill", trial)
		} else if !strings.Contains(err.Error(), "killed") {
			t.Fatalf("trial %d: child: %v\n%s", trial, err, out)
		}
		checkStore(t, dir, rows, files, trial == 0)
		// An ingest afterwards adds what is missing, and only that.
		if _, _, err := run(t, dir, Options{}, files...); err != nil {
			t.Fatal(err)
		}
		got := countByFile(t, dir)
		for name, n := range rows {
			if got[name] != n {
				t.Errorf("trial %d after rerun: %s has %d rows, want %d", trial, name, got[name], n)
			}
		}
	}
}

// writingThird reports whether the first two files are committed and
// data files of the third are being written.
func writingThird(dir string) bool {
	m, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil || strings.Count(string(m), `"hash"`) < 2 {
		return false
	}
	found := false
	filepath.WalkDir(filepath.Join(dir, "tables"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".tmp") {
			found = true
		}
		return nil
	})
	return found
}

// checkStore opens a killed store: it must hold each file whole or not
// at all, and record exactly the files it holds as ingested.
func checkStore(t *testing.T, dir string, rows map[string]int, files []string, midThird bool) {
	t.Helper()
	st, err := storage.Open(dir, nil)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	got := countByFile(t, dir)
	for _, f := range files {
		name := baseName(f)
		n := rows[name]
		if got[name] != 0 && got[name] != n {
			t.Errorf("%s: %d of %d rows survived the kill", name, got[name], n)
		}
		sum, err := hashFile(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		opts := Options{Format: FormatAuto}
		done, err := st.HasSource(sourceKey(sum, &opts))
		if err != nil {
			t.Fatal(err)
		}
		if done != (got[name] == n) {
			t.Errorf("%s: recorded as ingested %v, rows %d of %d", name, done, got[name], n)
		}
	}
	if midThird && (got["a"] != rows["a"] || got["b"] != rows["b"] || got["c"] != 0) {
		t.Errorf("killed while writing the third file: %v", got)
	}
	// No temporary files are left once the store is reopened.
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".tmp") {
			t.Errorf("left behind: %s", p)
		}
		return nil
	})
}

// countByFile counts the stored AlertInfo rows of each input file.
func countByFile(t *testing.T, dir string) map[string]int {
	t.Helper()
	out := map[string]int{}
	st, err := storage.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := st.Table("AlertInfo"); !ok {
		return out
	}
	_, rows := query(t, dir, `AlertInfo | summarize count() by f = tostring(split(AlertId, "-")[0])`)
	for _, r := range rows {
		var name string
		var n int
		fmt.Sscanf(strings.NewReplacer(`[`, ``, `]`, ``, `"`, ``, `,`, ` `).Replace(r), "%s %d", &name, &n)
		out[name] = n
	}
	return out
}
