package semantic

// The call names the binder resolves itself rather than through the
// function catalog: scalar forms that need the scope (toscalar, column
// lookups) and the table-valued source functions.
var (
	scalarForms  = []string{"toscalar", "column_ifexists", "columnifexists", "column_names_of"}
	tabularForms = []string{"table", "database", "cluster", "materialize", "view"}
	// graphForms are bound inside graph-match and graph-shortest-paths.
	graphForms = []string{"all", "any", "map", "inner_nodes", "labels", "node_degree_in", "node_degree_out"}
)

// CallForms lists the names BindsCall accepts.
func CallForms() []string {
	return append(append(append([]string(nil), scalarForms...), tabularForms...), graphForms...)
}

// BindsCall reports whether the binder resolves calls of name itself, so
// that catalog coverage counts them as implemented.
func BindsCall(name string) bool {
	for _, f := range CallForms() {
		if f == name {
			return true
		}
	}
	return false
}
