package syntax

import (
	"reflect"
	"testing"
)

var nodeType = reflect.TypeOf((*Node)(nil)).Elem()

// TestWalkComplete checks, by reflection, that Walk reaches every non-nil
// Node held in a field of a visited node, so that new fields cannot be
// forgotten in walk.go.
func TestWalkComplete(t *testing.T) {
	for _, src := range validQueries {
		q := mustParse(t, src)
		visited := map[Node]bool{}
		Inspect(q, func(n Node) bool {
			if n != nil {
				visited[n] = true
			}
			return true
		})
		for n := range visited {
			v := reflect.ValueOf(n).Elem()
			for i := 0; i < v.NumField(); i++ {
				f := v.Field(i)
				name := v.Type().Field(i).Name
				check := func(x reflect.Value) {
					if !x.IsValid() || (x.Kind() == reflect.Interface || x.Kind() == reflect.Pointer) && x.IsNil() {
						return
					}
					if !x.Type().Implements(nodeType) {
						return
					}
					child := x.Interface().(Node)
					if !visited[child] {
						t.Errorf("%s: %T.%s (%T) not visited", src, n, name, child)
					}
				}
				switch f.Kind() {
				case reflect.Slice:
					for j := 0; j < f.Len(); j++ {
						check(f.Index(j))
					}
				case reflect.Struct:
					// embedded OpHeader: its Params
					for k := 0; k < f.NumField(); k++ {
						if f.Field(k).Kind() == reflect.Slice {
							for j := 0; j < f.Field(k).Len(); j++ {
								check(f.Field(k).Index(j))
							}
						}
					}
				default:
					check(f)
				}
			}
		}
	}
}
