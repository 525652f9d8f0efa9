package aggregates

import (
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

func init() {
	functions.Register(&functions.Func{Name: "hll_if", Kind: functions.Aggregate,
		Sig:  "hll_if(expr, predicate: bool[, accuracy: int]): dynamic",
		Doc:  "Intermediate distinct-count state of expr over the rows where predicate is true, for hll_merge() and dcount_hll().",
		Bind: bindHllIf})
}

func bindHllIf(args []functions.Arg) (*functions.Bound, error) {
	ts, err := check("hll_if", args, 2, 3, cScalar, cBool, cInteger)
	if err != nil {
		return nil, err
	}
	switch args[0].Type {
	case types.Real, types.Bool, types.Dynamic:
		return nil, errorf("function 'hll_if': argument 1 must not be of type %s", args[0].Type)
	}
	acc := int64(1)
	if len(args) > 2 {
		if acc, err = constInt("hll_if", args[2], "accuracy"); err != nil {
			return nil, err
		}
		if acc < 0 || acc > 4 {
			return nil, errorf("function 'hll_if': accuracy must be 0, 1, 2, 3 or 4, got %d", acc)
		}
	}
	return &functions.Bound{Type: types.Dynamic, ArgTypes: ts, Outputs: one(prefixName("hll_if", args), types.Dynamic),
		NewAgg: func() functions.Aggregator {
			return &hllAgg{dcountAgg{pred: 1, p: hllPrecision[acc], limit: exactLimit[acc]}}
		}}, nil
}
