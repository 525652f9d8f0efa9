//go:build !unix

package storage

import "os"

// tryLock cannot take an advisory lock on this platform; writers are not
// serialised across processes here.
func tryLock(f *os.File) (bool, error) { return true, nil }

func unlock(f *os.File) error { return nil }

// syncDir is a no-op where directories cannot be opened for syncing.
func syncDir(dir string) error { return nil }
