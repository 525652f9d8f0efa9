package syntax

// LitKind is the type of a Literal. The Go type of Literal.Value is:
//
//	LitBool              bool
//	LitInt, LitLong      int64
//	LitReal              float64 (NaN and ±Inf allowed)
//	LitDecimal           string: the decimal number as written, e.g. "1.50"
//	LitString            string (escapes decoded, adjacent literals joined)
//	LitDatetime          int64: 100ns ticks since 0001-01-01T00:00:00Z (.NET)
//	LitTimespan          int64: signed 100ns ticks
//	LitGuid              string: canonical lowercase 8-4-4-4-12 form
//	LitDynamic           decoded JSON: nil, bool, int64, float64, string,
//	                     []any, *DynamicObject (see also Literal.JSON)
//
// Value is nil for typed nulls (Literal.Null).
type LitKind int

const (
	LitInvalid LitKind = iota
	LitBool
	LitInt
	LitLong
	LitReal
	LitDecimal
	LitString
	LitDatetime
	LitTimespan
	LitGuid
	LitDynamic
)

var litKindNames = [...]string{
	LitInvalid:  "invalid",
	LitBool:     "bool",
	LitInt:      "int",
	LitLong:     "long",
	LitReal:     "real",
	LitDecimal:  "decimal",
	LitString:   "string",
	LitDatetime: "datetime",
	LitTimespan: "timespan",
	LitGuid:     "guid",
	LitDynamic:  "dynamic",
}

func (k LitKind) String() string {
	if k >= 0 && int(k) < len(litKindNames) {
		return litKindNames[k]
	}
	return "LitKind(?)"
}

// DynamicObject is a decoded JSON object that keeps its keys in source
// order (Go maps would lose it, and KQL property bags print in order).
type DynamicObject struct {
	Keys   []string
	Values []any
}

// Get returns the value stored under key.
func (o *DynamicObject) Get(key string) (any, bool) {
	for i, k := range o.Keys {
		if k == key {
			return o.Values[i], true
		}
	}
	return nil, false
}

// Operator identifies a unary or binary operator.
type Operator int

const (
	OpInvalid Operator = iota

	// arithmetic (OpAdd / OpSub are also the unary + and -)
	OpAdd // +
	OpSub // -
	OpMul // *
	OpDiv // /
	OpMod // %

	// comparison
	OpEq      // ==
	OpNe      // != (also <>)
	OpLt      // <
	OpLe      // <=
	OpGt      // >
	OpGe      // >=
	OpEqTilde // =~ (case-insensitive equality)
	OpNeTilde // !~

	// logical
	OpAnd
	OpOr

	// string operators
	OpContains
	OpNotContains
	OpContainsCs
	OpNotContainsCs
	OpHas
	OpNotHas
	OpHasCs
	OpNotHasCs
	OpHasPrefix
	OpNotHasPrefix
	OpHasPrefixCs
	OpNotHasPrefixCs
	OpHasSuffix
	OpNotHasSuffix
	OpHasSuffixCs
	OpNotHasSuffixCs
	OpStartsWith
	OpNotStartsWith
	OpStartsWithCs
	OpNotStartsWithCs
	OpEndsWith
	OpNotEndsWith
	OpEndsWithCs
	OpNotEndsWithCs
	OpMatchesRegex
	OpLike
	OpNotLike
	OpLikeCs
	OpNotLikeCs
	OpColon // `Col : "term"`: has (from search predicates; valid in any predicate)

	// list operators (InExpr, HasAnyExpr, BetweenExpr)
	OpIn
	OpNotIn
	OpInCi
	OpNotInCi
	OpHasAny
	OpHasAll
	OpHasAnyCs
	OpHasAllCs
	OpBetween
	OpNotBetween
	opCount
)

// Every operator has a name: the array's length fails to compile otherwise.
var operatorNames = [opCount]string{
	OpInvalid:         "<invalid>",
	OpAdd:             "+",
	OpSub:             "-",
	OpMul:             "*",
	OpDiv:             "/",
	OpMod:             "%",
	OpEq:              "==",
	OpNe:              "!=",
	OpLt:              "<",
	OpLe:              "<=",
	OpGt:              ">",
	OpGe:              ">=",
	OpEqTilde:         "=~",
	OpNeTilde:         "!~",
	OpAnd:             "and",
	OpOr:              "or",
	OpContains:        "contains",
	OpNotContains:     "!contains",
	OpContainsCs:      "contains_cs",
	OpNotContainsCs:   "!contains_cs",
	OpHas:             "has",
	OpNotHas:          "!has",
	OpHasCs:           "has_cs",
	OpNotHasCs:        "!has_cs",
	OpHasPrefix:       "hasprefix",
	OpNotHasPrefix:    "!hasprefix",
	OpHasPrefixCs:     "hasprefix_cs",
	OpNotHasPrefixCs:  "!hasprefix_cs",
	OpHasSuffix:       "hassuffix",
	OpNotHasSuffix:    "!hassuffix",
	OpHasSuffixCs:     "hassuffix_cs",
	OpNotHasSuffixCs:  "!hassuffix_cs",
	OpStartsWith:      "startswith",
	OpNotStartsWith:   "!startswith",
	OpStartsWithCs:    "startswith_cs",
	OpNotStartsWithCs: "!startswith_cs",
	OpEndsWith:        "endswith",
	OpNotEndsWith:     "!endswith",
	OpEndsWithCs:      "endswith_cs",
	OpNotEndsWithCs:   "!endswith_cs",
	OpMatchesRegex:    "matches regex",
	OpLike:            "like",
	OpNotLike:         "notlike",
	OpLikeCs:          "likecs",
	OpNotLikeCs:       "notlikecs",
	OpColon:           ":",
	OpIn:              "in",
	OpNotIn:           "!in",
	OpInCi:            "in~",
	OpNotInCi:         "!in~",
	OpHasAny:          "has_any",
	OpHasAll:          "has_all",
	OpHasAnyCs:        "has_any_cs",
	OpHasAllCs:        "has_all_cs",
	OpBetween:         "between",
	OpNotBetween:      "!between",
}

// String returns the canonical KQL spelling of the operator.
func (op Operator) String() string {
	if op >= 0 && int(op) < len(operatorNames) && operatorNames[op] != "" {
		return operatorNames[op]
	}
	return "Operator(?)"
}

// stringOps maps the word (or !word) spellings of binary string operators,
// lowercased, to Operator. Legacy spellings (containscs, notcontains, ...)
// map to their modern equivalents.
var stringOps = map[string]Operator{
	"contains":       OpContains,
	"!contains":      OpNotContains,
	"notcontains":    OpNotContains,
	"contains_cs":    OpContainsCs,
	"containscs":     OpContainsCs,
	"!contains_cs":   OpNotContainsCs,
	"notcontainscs":  OpNotContainsCs,
	"has":            OpHas,
	"!has":           OpNotHas,
	"nothas":         OpNotHas,
	"has_cs":         OpHasCs,
	"hascs":          OpHasCs,
	"!has_cs":        OpNotHasCs,
	"nothascs":       OpNotHasCs,
	"hasprefix":      OpHasPrefix,
	"!hasprefix":     OpNotHasPrefix,
	"hasprefix_cs":   OpHasPrefixCs,
	"!hasprefix_cs":  OpNotHasPrefixCs,
	"hassuffix":      OpHasSuffix,
	"!hassuffix":     OpNotHasSuffix,
	"hassuffix_cs":   OpHasSuffixCs,
	"!hassuffix_cs":  OpNotHasSuffixCs,
	"startswith":     OpStartsWith,
	"!startswith":    OpNotStartsWith,
	"startswith_cs":  OpStartsWithCs,
	"!startswith_cs": OpNotStartsWithCs,
	"endswith":       OpEndsWith,
	"!endswith":      OpNotEndsWith,
	"endswith_cs":    OpEndsWithCs,
	"!endswith_cs":   OpNotEndsWithCs,
	"like":           OpLike,
	"notlike":        OpNotLike,
	"likecs":         OpLikeCs,
	"notlikecs":      OpNotLikeCs,
}
