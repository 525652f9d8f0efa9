// Package types holds Kusto's scalar types and tabular schemas.
package types

import (
	"fmt"
	"strings"
)

// Type is a Kusto scalar type.
type Type uint8

// The scalar types. Unknown is the type of an expression that failed to
// bind; it never reaches execution.
const (
	Unknown Type = iota
	Bool
	Int
	Long
	Real
	Decimal
	String
	DateTime
	TimeSpan
	Guid
	Dynamic
)

var names = [...]string{"unknown", "bool", "int", "long", "real", "decimal", "string", "datetime", "timespan", "guid", "dynamic"}

// String returns the Kusto name of the type, as getschema and the Kusto
// REST protocol spell it.
func (t Type) String() string {
	if int(t) < len(names) {
		return names[t]
	}
	return fmt.Sprintf("type(%d)", t)
}

// Parse reads a Kusto type name, accepting the documented synonyms
// (boolean, int32, int64, double, date, time, uniqueid, ...).
func Parse(name string) (Type, bool) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "bool", "boolean":
		return Bool, true
	case "int", "int32":
		return Int, true
	case "long", "int64":
		return Long, true
	case "real", "double", "float":
		return Real, true
	case "decimal":
		return Decimal, true
	case "string":
		return String, true
	case "datetime", "date":
		return DateTime, true
	case "timespan", "time":
		return TimeSpan, true
	case "guid", "uniqueid":
		return Guid, true
	case "dynamic":
		return Dynamic, true
	}
	return Unknown, false
}

// IsNumeric reports whether t is int, long, real or decimal.
func (t Type) IsNumeric() bool { return t == Int || t == Long || t == Real || t == Decimal }

// IsInteger reports whether t is int or long.
func (t Type) IsInteger() bool { return t == Int || t == Long }

// IsTemporal reports whether t is datetime or timespan.
func (t Type) IsTemporal() bool { return t == DateTime || t == TimeSpan }

// Nullable reports whether values of t can be null. Kusto strings are
// never null: a missing string is the empty string.
func (t Type) Nullable() bool { return t != String }

// PromoteNumeric gives the type of arithmetic between two numeric types:
// int < long < decimal < real, as Kusto widens them.
func PromoteNumeric(a, b Type) Type {
	rank := func(t Type) int {
		switch t {
		case Int:
			return 1
		case Long:
			return 2
		case Decimal:
			return 3
		case Real:
			return 4
		}
		return 0
	}
	if rank(a) >= rank(b) {
		return a
	}
	return b
}

// Column is one named, typed column of a table.
type Column struct {
	Name string
	Type Type
}

// Schema is the ordered column list of a tabular value.
type Schema []Column

// Index returns the position of the column with this exact name, or -1.
func (s Schema) Index(name string) int {
	for i, c := range s {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// Names returns the column names in order.
func (s Schema) Names() []string {
	out := make([]string, len(s))
	for i, c := range s {
		out[i] = c.Name
	}
	return out
}

// String renders the schema as Kusto does in errors and getschema-like
// output: (A:string, B:long).
func (s Schema) String() string {
	var b strings.Builder
	b.WriteByte('(')
	for i, c := range s {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c.Name)
		b.WriteByte(':')
		b.WriteString(c.Type.String())
	}
	b.WriteByte(')')
	return b.String()
}

// CLRName is the .NET type name getschema shows as a column's DataType.
func (t Type) CLRName() string {
	switch t {
	case Bool:
		return "System.Boolean"
	case Int:
		return "System.Int32"
	case Long:
		return "System.Int64"
	case Real:
		return "System.Double"
	case Decimal:
		return "System.Data.SqlTypes.SqlDecimal"
	case String:
		return "System.String"
	case DateTime:
		return "System.DateTime"
	case TimeSpan:
		return "System.TimeSpan"
	case Guid:
		return "System.Guid"
	}
	return "System.Object"
}
