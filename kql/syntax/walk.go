package syntax

// Visitor's Visit is called for each node by Walk. If it returns a non-nil
// visitor w, Walk visits the children of node with w, then calls
// w.Visit(nil), as in go/ast.
type Visitor interface {
	Visit(node Node) (w Visitor)
}

// Walk traverses a syntax tree in depth-first source order.
func Walk(v Visitor, node Node) {
	if v = v.Visit(node); v == nil {
		return
	}
	walkChildren(v, node)
	v.Visit(nil)
}

type inspector func(Node) bool

func (f inspector) Visit(node Node) Visitor {
	if f(node) {
		return f
	}
	return nil
}

// Inspect calls f for every node in depth-first order, skipping the
// children of nodes for which f returns false; f(nil) follows each visited
// node's children.
func Inspect(node Node, f func(Node) bool) { Walk(inspector(f), node) }

// walk visits n unless it is a nil interface or nil pointer, so that
// optional fields can be passed without checks.
func walk(v Visitor, n Node) {
	if n == nil || isNilNode(n) {
		return
	}
	Walk(v, n)
}

func isNilNode(n Node) bool {
	switch x := n.(type) {
	case *Ident:
		return x == nil
	case *TypeRef:
		return x == nil
	case *Call:
		return x == nil
	case *Block:
		return x == nil
	case *NamedParam:
		return x == nil
	}
	return false
}

func walkExprs(v Visitor, list []Expr) {
	for _, x := range list {
		walk(v, x)
	}
}

func walkParams(v Visitor, list []*NamedParam) {
	for _, x := range list {
		walk(v, x)
	}
}

func walkSortKeys(v Visitor, list []*SortKey) {
	for _, x := range list {
		walk(v, x)
	}
}

func walkColumns(v Visitor, list []*ColumnDecl) {
	for _, x := range list {
		walk(v, x)
	}
}

func walkFuncParams(v Visitor, list []*Param) {
	for _, x := range list {
		walk(v, x)
	}
}

func walkItems(v Visitor, list []*MvExpandItem) {
	for _, x := range list {
		walk(v, x)
	}
}

func walkChildren(v Visitor, node Node) {
	switch n := node.(type) {
	case *Query:
		for _, s := range n.Stmts {
			walk(v, s)
		}
	case *LetStmt:
		walk(v, n.Name)
		walk(v, n.Value)
	case *SetStmt:
		walk(v, n.Name)
		walk(v, n.Value)
	case *DeclareQueryParamsStmt:
		walkFuncParams(v, n.Params)
	case *DeclarePatternStmt:
		walk(v, n.Name)
		walkFuncParams(v, n.Params)
		walkFuncParams(v, n.PathParams)
		for _, d := range n.Defs {
			walk(v, d)
		}
	case *PatternDef:
		walkExprs(v, n.Args)
		walkExprs(v, n.PathArgs)
		walk(v, n.Body)
	case *AliasStmt:
		walk(v, n.Name)
		walk(v, n.Value)
	case *RestrictStmt:
		walkExprs(v, n.Entities)
	case *ExprStmt:
		walk(v, n.X)
	case *BadStmt, *BadExpr, *Ident, *NamePattern, *Literal, *Star:
		// leaves
	case *FuncLit:
		walkFuncParams(v, n.Params)
		walk(v, n.Body)
	case *Block:
		for _, s := range n.Stmts {
			walk(v, s)
		}
	case *Param:
		walk(v, n.Name)
		walk(v, n.Type)
		walk(v, n.Default)
	case *TypeRef:
		walkColumns(v, n.Columns)
	case *ColumnDecl:
		walk(v, n.Name)
		walk(v, n.Type)
	case *Paren:
		walk(v, n.X)
	case *Unary:
		walk(v, n.X)
	case *Binary:
		walk(v, n.X)
		walk(v, n.Y)
	case *InExpr:
		walk(v, n.X)
		walkExprs(v, n.List)
		walk(v, n.Subquery)
	case *HasAnyExpr:
		walk(v, n.X)
		walkExprs(v, n.List)
		walk(v, n.Subquery)
	case *BetweenExpr:
		walk(v, n.X)
		walk(v, n.Lo)
		walk(v, n.Hi)
	case *Call:
		walk(v, n.Fun)
		walkExprs(v, n.Args)
	case *Member:
		walk(v, n.X)
		walk(v, n.Name)
	case *Index:
		walk(v, n.X)
		walk(v, n.Index)
	case *TypeOfExpr:
		walk(v, n.Type)
	case *NamedExpr:
		for _, id := range n.Names {
			walk(v, id)
		}
		walk(v, n.X)
	case *PipeExpr:
		walk(v, n.Source)
		walk(v, n.Op)
	case *NamedParam:
		if len(n.List) > 0 {
			walkExprs(v, n.List)
		} else {
			walk(v, n.Value)
		}
	case *SortKey:
		walk(v, n.X)
	case *MvExpandItem:
		walk(v, n.Name)
		walk(v, n.X)
		walk(v, n.To)
	case *MakeSeriesAgg:
		walk(v, n.X)
		walk(v, n.Default)
	case *TopNestedClause:
		walk(v, n.Count)
		walk(v, n.Of)
		walk(v, n.Others)
		walk(v, n.By)
	case *ForkBranch:
		walk(v, n.Name)
		walk(v, n.Subquery)
	case *ScanStep:
		walk(v, n.Name)
		walkParams(v, n.Params)
		walk(v, n.Cond)
		for _, a := range n.Assigns {
			walk(v, a)
		}
	case *GraphNodesSpec:
		walk(v, n.Nodes)
		walk(v, n.On)
	case *GraphPattern:
		for _, e := range n.Elems {
			walk(v, e)
		}
	case *GraphNode:
		walk(v, n.Name)
	case *GraphEdge:
		walk(v, n.Name)
		walk(v, n.MinHops)
		walk(v, n.MaxHops)
	default:
		if op, ok := node.(TabularOp); ok {
			walkOp(v, op)
		}
	}
}

func walkOp(v Visitor, op TabularOp) {
	// Operator parameters (kind=, hint.*) come first in source order.
	if h, ok := op.(headed); ok {
		walkParams(v, h.header().Params)
	}
	switch n := op.(type) {
	case *WhereOp:
		walk(v, n.Pred)
	case *ProjectOp:
		walkExprs(v, n.Cols)
	case *ProjectAwayOp:
		walkExprs(v, n.Cols)
	case *ProjectKeepOp:
		walkExprs(v, n.Cols)
	case *ProjectRenameOp:
		for _, c := range n.Cols {
			walk(v, c)
		}
		walkExprs(v, n.Invalid)
	case *ProjectReorderOp:
		walkSortKeys(v, n.Cols)
	case *ProjectByNamesOp:
		walkExprs(v, n.Cols)
	case *ExtendOp:
		walkExprs(v, n.Cols)
	case *SummarizeOp:
		walkExprs(v, n.Aggs)
		walkExprs(v, n.ByExprs)
	case *DistinctOp:
		walkExprs(v, n.Cols)
	case *TakeOp:
		walk(v, n.Count)
	case *SampleOp:
		walk(v, n.Count)
	case *SampleDistinctOp:
		walk(v, n.Count)
		walk(v, n.Of)
	case *TopOp:
		walk(v, n.Count)
		walkSortKeys(v, n.Keys)
	case *SortOp:
		walkSortKeys(v, n.Keys)
	case *TopNestedOp:
		for _, c := range n.Clauses {
			walk(v, c)
		}
	case *TopHittersOp:
		walk(v, n.Count)
		walk(v, n.Of)
		walk(v, n.By)
	case *MvExpandOp:
		walkItems(v, n.Items)
		walk(v, n.Limit)
	case *MvApplyOp:
		walkItems(v, n.Items)
		walk(v, n.Limit)
		walk(v, n.Subquery)
	case *ParseOp:
		walk(v, n.Source)
		walkExprs(v, n.Pattern)
	case *ParseWhereOp:
		walk(v, n.Source)
		walkExprs(v, n.Pattern)
	case *ParseKvOp:
		walk(v, n.Source)
		walkColumns(v, n.Columns)
		walkParams(v, n.Props)
	case *MakeSeriesOp:
		for _, a := range n.Aggs {
			walk(v, a)
		}
		walk(v, n.Axis)
		walk(v, n.From)
		walk(v, n.To)
		walk(v, n.Step)
		walk(v, n.InRange)
		walkExprs(v, n.ByExprs)
	case *RenderOp:
		walk(v, n.Chart)
		walkParams(v, n.Props)
	case *AsOp:
		walk(v, n.Name)
	case *SerializeOp:
		walkExprs(v, n.Cols)
	case *InvokeOp:
		walk(v, n.Call)
	case *EvaluateOp:
		walk(v, n.Call)
		walk(v, n.Schema)
	case *FacetOp:
		walkExprs(v, n.Cols)
		walk(v, n.With)
	case *ForkOp:
		for _, b := range n.Branches {
			walk(v, b)
		}
	case *PartitionOp:
		walk(v, n.By)
		walk(v, n.Subquery)
	case *ScanOp:
		walk(v, n.MatchID)
		walkSortKeys(v, n.OrderBy)
		walkExprs(v, n.PartitionBy)
		walkFuncParams(v, n.Declare)
		for _, s := range n.Steps {
			walk(v, s)
		}
	case *ReduceOp:
		walk(v, n.By)
		walkParams(v, n.With)
	case *AssertSchemaOp:
		walk(v, n.Schema)
	case *MacroExpandOp:
		walk(v, n.EntityGroup)
		walk(v, n.As)
		walk(v, n.Subquery)
	case *JoinOp:
		walk(v, n.Right)
		walkExprs(v, n.OnExprs)
		walk(v, n.Where)
	case *LookupOp:
		walk(v, n.Right)
		walkExprs(v, n.OnExprs)
	case *UnionOp:
		walkExprs(v, n.Tables)
	case *FindOp:
		walkExprs(v, n.Tables)
		walk(v, n.Pred)
		walkExprs(v, n.Cols)
	case *SearchOp:
		walkExprs(v, n.Tables)
		walk(v, n.Pred)
	case *PrintOp:
		walkExprs(v, n.Exprs)
	case *RangeOp:
		walk(v, n.Name)
		walk(v, n.From)
		walk(v, n.To)
		walk(v, n.Step)
	case *DataTableOp:
		walkColumns(v, n.Columns)
		walkExprs(v, n.Values)
	case *ExternalDataOp:
		walkColumns(v, n.Columns)
		walkExprs(v, n.URIs)
		walkParams(v, n.Props)
	case *MakeGraphOp:
		walk(v, n.Source)
		walk(v, n.Target)
		for _, s := range n.Nodes {
			walk(v, s)
		}
	case *GraphMatchOp:
		for _, p := range n.Patterns {
			walk(v, p)
		}
		walk(v, n.Where)
		walkExprs(v, n.Project)
	}
}
