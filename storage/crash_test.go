//go:build unix

package storage

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/quarryhunt/quarry/kql/value"
)

const (
	crashDirEnv = "QUARRY_STORAGE_CRASH_DIR"
	crashAtEnv  = "QUARRY_STORAGE_CRASH_AT"
)

// TestCrashChild is the process that the crash tests kill: it commits
// three sources, then dies at the point named by $QUARRY_STORAGE_CRASH_AT
// while committing a fourth. It does nothing in a normal test run.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashDirEnv)
	if dir == "" {
		t.Skip("only run as the crash tests' child process")
	}
	at := os.Getenv(crashAtEnv)
	s, err := Open(dir, &Options{RowGroupRows: 1000, FileRows: 5000})
	if err != nil {
		fmt.Println("ERROR", err)
		os.Exit(2)
	}
	for i := 0; i < 3; i++ {
		commitRows(t, s, "Clicks", clickSchema, crashRows(t, i), fmt.Sprintf("src-%d", i))
	}
	hook = func(point string) {
		if point == at {
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
			time.Sleep(time.Hour)
		}
	}
	tx, err := s.Begin()
	if err != nil {
		fmt.Println("ERROR", err)
		os.Exit(2)
	}
	b := batchOf(t, clickSchema, crashRows(t, 3))
	if err := tx.Append("Clicks", clickSchema, b); err != nil {
		fmt.Println("ERROR", err)
		os.Exit(2)
	}
	if at == "mid-write" {
		// Keep writing (files fill, finish and start over) until killed.
		fmt.Println("WRITING")
		for {
			if err := tx.Append("Clicks", clickSchema, b); err != nil {
				fmt.Println("ERROR", err)
				os.Exit(2)
			}
		}
	}
	if err := tx.Commit("src-3"); err != nil {
		fmt.Println("ERROR", err)
		os.Exit(2)
	}
	os.Exit(0)
}

// crashRows is source i: 1000 rows over three days.
func crashRows(t testing.TB, i int) [][]any {
	start := ticks(t, "2024-06-01T00:00:00Z")
	rows := make([][]any, 1000)
	for r := range rows {
		ts := start + value.DateTime(int64(r%3)*value.Day+int64(r)*value.Second)
		rows[r] = []any{ts, fmt.Sprintf("https://src%d.example/%d", i, r), "ClickAllowed"}
	}
	return rows
}

func TestCrashAtAnyPointKeepsExactlyTheCommittedData(t *testing.T) {
	if os.Getenv(crashDirEnv) != "" {
		t.Skip("child process")
	}
	points := []struct {
		at        string
		committed bool // whether source 3 survives
	}{
		{"mid-write", false},
		{"data-written", false},
		{"data-renamed", false},
		{"manifest-written", false},
		{"manifest-renamed", true},
	}
	for _, p := range points {
		t.Run(p.at, func(t *testing.T) {
			dir := t.TempDir()
			cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), crashDirEnv+"="+dir, crashAtEnv+"="+p.at)
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			cmd.Stderr = os.Stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(out)
			var lines []string
			for sc.Scan() {
				lines = append(lines, sc.Text())
				if sc.Text() == "WRITING" {
					// Let it write several files and row groups, then kill
					// it wherever it is.
					time.Sleep(300 * time.Millisecond)
					cmd.Process.Signal(syscall.SIGKILL)
				}
			}
			err = cmd.Wait()
			ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
			if !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
				t.Fatalf("child was not killed (%v); output: %s", err, strings.Join(lines, "\n"))
			}
			if p.at == "mid-write" && countFiles(t, dir, ".tmp") == 0 {
				t.Fatalf("the child was killed with no file being written: the test proves nothing")
			}

			// The crash left files that no manifest names (except when it
			// came after the commit point).
			data, err := os.ReadFile(filepath.Join(dir, manifestName))
			if err != nil {
				t.Fatal(err)
			}
			before, err := parseManifest(data)
			if err != nil {
				t.Fatalf("manifest after the crash: %v", err)
			}
			if orphans := countFiles(t, dir, "") - liveFiles(before); (orphans > 0) == p.committed {
				t.Fatalf("%d files beyond the manifest after crashing at %s", orphans, p.at)
			}

			s, err := Open(dir, nil)
			if err != nil {
				t.Fatalf("reopen after crash: %v", err)
			}
			want := 3000
			if p.committed {
				want = 4000
			}
			rows := readAll(t, s, scanAll("Clicks", clickSchema))
			if len(rows) != want {
				t.Fatalf("%d rows after the crash, want %d", len(rows), want)
			}
			seen := map[string]bool{}
			for _, r := range rows {
				if seen[r[1].(string)] {
					t.Fatalf("row %v twice", r[1])
				}
				seen[r[1].(string)] = true
			}
			for i := 0; i < 4; i++ {
				ok, _ := s.HasSource(fmt.Sprintf("src-%d", i))
				if ok != (i < 3 || p.committed) {
					t.Fatalf("source %d recorded=%v", i, ok)
				}
			}
			// Temporary and uncommitted files are gone.
			if n := countFiles(t, dir, ".tmp"); n != 0 {
				t.Fatalf("%d temporary files left", n)
			}
			m, _ := s.snapshot()
			live := liveFiles(m)
			if n := countFiles(t, dir, ""); n != live {
				t.Fatalf("%d files on disk, the manifest names %d", n, live)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.HasSuffix(e.Name(), ".tmp") {
					t.Fatalf("temporary manifest %s left", e.Name())
				}
			}
			// And the store takes new commits.
			commitRows(t, s, "Clicks", clickSchema, crashRows(t, 9), "src-9")
			if n := len(readAll(t, s, scanAll("Clicks", clickSchema))); n != want+1000 {
				t.Fatalf("after a new commit: %d rows", n)
			}
		})
	}
}

func liveFiles(m *manifest) int {
	n := 0
	for _, tm := range m.Tables {
		for _, pm := range tm.Partitions {
			n += len(pm.Files)
		}
	}
	return n
}
