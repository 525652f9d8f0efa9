package exec

import (
	"errors"

	"github.com/quarryhunt/quarry/kql/plan"
)

// errReduce explains why reduce does not run. Its documentation only
// says the grouping is "largely based" on Vaarandi's log clustering
// algorithm (SLCT), and its documented examples contradict that
// algorithm and each other: with threshold=0.001 the ten values
// MachineLearningX0..9 form one group "MachineLearning*", which SLCT
// (threshold as the minimum support) would split into ten; with
// threshold=0.9 the same values give nine groups that all have the
// pattern "MachineLearning*", one of them holding two of the values.
// How patterns join the separators (the default ones are kept, as in
// "San *", the custom ones dropped, as in "foo*") is not specified
// either.
var errReduce = errors.New("reduce is not supported: the documentation describes its grouping only as 'largely based' on Vaarandi's log clustering algorithm, and its documented examples contradict that algorithm (threshold=0.9 gives nine groups with the same pattern), so Kusto's groups cannot be reproduced; group normalized text instead, e.g. summarize count() by replace_regex(Text, @'\\d+', '*')")

// compileReduce fails with errReduce.
func (rt *engine) compileReduce(*plan.Reduce) (operator, error) {
	return nil, errReduce
}
