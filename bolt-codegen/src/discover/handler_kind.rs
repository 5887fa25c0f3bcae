//! How a handler is called, decided from its body (DESIGN.md rule 6).

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Comprehension, Expr, Stmt};

use crate::manifest::HandlerKind;

/// What the body of a function does in its own scope (not in nested functions,
/// lambdas or classes).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct BodyFacts {
    /// `await`, `async for`, `async with` or an async comprehension.
    pub(crate) awaits: bool,
    /// `yield` / `yield from`: the function is a generator.
    pub(crate) yields: bool,
}

impl BodyFacts {
    pub(crate) fn of(function: &ast::StmtFunctionDef) -> Self {
        let mut scanner = Self::default();
        visitor::walk_body(&mut scanner, &function.body);
        scanner
    }
}

/// `def` → sync; `async def` → awaiting if its own body awaits, else driven inline.
pub(crate) fn handler_kind(function: &ast::StmtFunctionDef, facts: BodyFacts) -> HandlerKind {
    match (function.is_async, facts.awaits) {
        (false, _) => HandlerKind::Sync,
        (true, true) => HandlerKind::AsyncAwaiting,
        (true, false) => HandlerKind::AsyncInline,
    }
}

impl<'a> Visitor<'a> for BodyFacts {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {}
            Stmt::For(ast::StmtFor { is_async: true, .. })
            | Stmt::With(ast::StmtWith { is_async: true, .. }) => {
                self.awaits = true;
                visitor::walk_stmt(self, stmt);
            }
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Lambda(_) => {}
            Expr::Await(_) => {
                self.awaits = true;
                visitor::walk_expr(self, expr);
            }
            Expr::Yield(_) | Expr::YieldFrom(_) => {
                self.yields = true;
                visitor::walk_expr(self, expr);
            }
            _ => visitor::walk_expr(self, expr),
        }
    }

    fn visit_comprehension(&mut self, comprehension: &'a Comprehension) {
        self.awaits |= comprehension.is_async;
        visitor::walk_comprehension(self, comprehension);
    }
}

#[cfg(test)]
mod tests {
    use ruff_python_parser::parse_module;

    use super::*;

    fn kind(source: &str) -> HandlerKind {
        let parsed = parse_module(source).expect("valid module");
        let Some(Stmt::FunctionDef(function)) = parsed.suite().first() else {
            panic!("a function");
        };
        handler_kind(function, BodyFacts::of(function))
    }

    #[test]
    fn test_handler_kind_sync_inline_awaiting() {
        assert_eq!(kind("def f():\n    return 1\n"), HandlerKind::Sync);
        assert_eq!(
            kind("async def f():\n    return 1\n"),
            HandlerKind::AsyncInline
        );
        assert_eq!(
            kind("async def f():\n    await g()\n"),
            HandlerKind::AsyncAwaiting
        );
        assert_eq!(
            kind("async def f():\n    async with x:\n        pass\n"),
            HandlerKind::AsyncAwaiting
        );
        assert_eq!(
            kind("async def f():\n    async for a in b:\n        pass\n"),
            HandlerKind::AsyncAwaiting
        );
        assert_eq!(
            kind("async def f():\n    return [a async for a in b]\n"),
            HandlerKind::AsyncAwaiting
        );
    }

    #[test]
    fn test_handler_kind_nested_scopes_do_not_count() {
        let source = "async def f():\n    async def g():\n        await h()\n    k = lambda: 1\n    return g\n";
        assert_eq!(kind(source), HandlerKind::AsyncInline);
    }
}
