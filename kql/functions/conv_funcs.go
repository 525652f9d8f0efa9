package functions

import (
	"strconv"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// The to*() conversion functions. Their arguments are converted by the
// binder (Bound.ArgTypes) with Convert, so their kernels have nothing left
// to do; parse_json is different because it parses strings.

func init() {
	conv := func(name string, aliases []string, to types.Type, doc string) *Func {
		return &Func{
			Name:    name,
			Aliases: aliases,
			Kind:    Scalar,
			Sig:     name + "(value): " + to.String(),
			Doc:     doc,
			Bind:    bindConversion(name, to),
		}
	}
	Register(
		conv("tostring", nil, types.String, "Converts a value to its string form; null becomes the empty string, dynamic values print as compact JSON (a dynamic string prints without quotes)."),
		conv("tolong", nil, types.Long, "Converts a value to long: reals truncate, strings are parsed; null when it does not convert."),
		conv("toint", nil, types.Int, "Converts a value to int (32-bit): reals truncate, strings are parsed; null when it does not convert or is out of range."),
		conv("todouble", []string{"toreal"}, types.Real, "Converts a value to real; strings are parsed; null when it does not convert."),
		conv("todecimal", nil, types.Decimal, "Converts a value to decimal; null when it does not convert."),
		conv("tobool", []string{"toboolean"}, types.Bool, `Converts a value to bool: numbers are true when non-zero, strings "true"/"false" (any case) and "1"/"0"; null otherwise.`),
		conv("todatetime", nil, types.DateTime, "Converts a string (ISO 8601, RFC 822/1123, ...) to datetime; null when it does not parse."),
		conv("totimespan", []string{"totime"}, types.TimeSpan, `Converts a string ("1.02:03:04", "00:10:00", "2h", ...) to timespan; null when it does not parse.`),
		&Func{
			Name: "toguid",
			Kind: Scalar,
			Sig:  "toguid(value: string): guid",
			Doc:  "Converts a string of 32 hex digits (with or without dashes) to guid; null when it does not parse.",
			Bind: func(args []Arg) (*Bound, error) {
				if err := CheckCount("toguid", args, 1, 1); err != nil {
					return nil, err
				}
				switch args[0].Type {
				case types.String, types.Dynamic, types.Guid, types.Unknown:
				default:
					return nil, ArgTypeError("toguid", 0, "string or dynamic", args[0].Type)
				}
				return &Bound{Type: types.Guid, ArgTypes: []types.Type{types.Guid}, Eval: identityKernel}, nil
			},
		},
		&Func{
			Name:    "parse_json",
			Aliases: []string{"parsejson", "todynamic", "toobject"},
			Kind:    Scalar,
			Sig:     "parse_json(json: string): dynamic",
			Doc:     "Parses a JSON string into a dynamic value; text that is not valid JSON becomes a dynamic string, and a dynamic argument is returned as is.",
			Bind:    bindParseJSON,
		},
		&Func{
			Name: "tohex",
			Kind: Scalar,
			Sig:  "tohex(value: long, [minLength: int]): string",
			Doc:  "Converts an int or long to lower-case hexadecimal (two's complement for negatives, 8 digits for int and 16 for long), left-padded with zeros to minLength (at most 16).",
			Bind: bindToHex,
		},
	)
}

func bindConversion(name string, to types.Type) func([]Arg) (*Bound, error) {
	return func(args []Arg) (*Bound, error) {
		if err := CheckCount(name, args, 1, 1); err != nil {
			return nil, err
		}
		return &Bound{Type: to, ArgTypes: []types.Type{to}, Eval: identityKernel}, nil
	}
}

// identityKernel returns its (already converted) argument.
func identityKernel(_ *Ctx, args []*column.Vector, _ int) (*column.Vector, error) {
	return args[0], nil
}

func bindParseJSON(args []Arg) (*Bound, error) {
	if err := CheckCount("parse_json", args, 1, 1); err != nil {
		return nil, err
	}
	switch args[0].Type {
	case types.Dynamic, types.Unknown:
		return &Bound{Type: types.Dynamic, ArgTypes: []types.Type{types.Dynamic}, Eval: identityKernel}, nil
	case types.String:
		return &Bound{Type: types.Dynamic, ArgTypes: []types.Type{types.String}, Eval: parseJSONKernel}, nil
	}
	return nil, ArgTypeError("parse_json", 0, "string or dynamic", args[0].Type)
}

// ParseJSONValue is parse_json of one string: the parsed value, or the
// string itself (copied) when it is not valid JSON. The empty string is
// null, as the gettype() and isnull() pages show for parse_json("").
func ParseJSONValue(s string) any {
	if s == "" {
		return nil
	}
	v, err := value.ParseJSON(s)
	if err != nil {
		return string([]byte(s))
	}
	return v
}

func parseJSONKernel(_ *Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	v := args[0]
	if v.IsConst() {
		return column.Const(types.Dynamic, ParseJSONValue(v.Str(0)), n), nil
	}
	out := make([]any, n)
	if dictWorthIt(v, n) {
		d := v.Strs.Dict
		parsed := make([]any, d.Len())
		done := make([]bool, d.Len())
		for i, c := range v.Strs.Codes[:n] {
			if !done[c] {
				parsed[c] = ParseJSONValue(d.At(int(c)))
				done[c] = true
			}
			out[i] = parsed[c]
		}
		return column.FromDyns(out), nil
	}
	for i := 0; i < n; i++ {
		out[i] = ParseJSONValue(v.Str(i))
	}
	return column.FromDyns(out), nil
}

func bindToHex(args []Arg) (*Bound, error) {
	if err := CheckCount("tohex", args, 1, 2); err != nil {
		return nil, err
	}
	t := args[0].Type
	switch t {
	case types.Int, types.Long, types.Unknown:
	case types.Dynamic:
		t = types.Long
	default:
		return nil, ArgTypeError("tohex", 0, "int or long", t)
	}
	ts := []types.Type{t}
	if len(args) == 2 {
		if !args[1].Type.IsInteger() && args[1].Type != types.Unknown && args[1].Type != types.Dynamic {
			return nil, ArgTypeError("tohex", 1, "int or long", args[1].Type)
		}
		ts = append(ts, types.Long)
	}
	bits32 := t == types.Int
	return &Bound{Type: types.String, ArgTypes: ts, Eval: func(_ *Ctx, args []*column.Vector, n int) (*column.Vector, error) {
		return Eval(types.String, args, n, func(row []any) any {
			x, ok := toLong(row[0])
			if row[0] == nil || !ok {
				return nil
			}
			var s string
			if bits32 {
				s = strconv.FormatUint(uint64(uint32(x)), 16)
			} else {
				s = strconv.FormatUint(uint64(x), 16)
			}
			if len(row) > 1 {
				if row[1] == nil {
					return nil
				}
				w, _ := toLong(row[1])
				if w > 16 {
					w = 16
				}
				for int64(len(s)) < w {
					s = "0" + s
				}
			}
			return s
		}), nil
	}}, nil
}
