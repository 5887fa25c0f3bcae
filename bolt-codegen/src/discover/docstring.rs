//! Docstrings, cleaned like Python's `inspect.cleandoc`.

use ruff_python_ast::{Expr, Stmt};

use super::literal;

/// Tab stop used by `str.expandtabs()`.
const TAB_STOP: usize = 8;

/// The cleaned docstring of a function or class body, if its first statement is a string.
pub(crate) fn of_body(body: &[Stmt]) -> Option<String> {
    let Some(Stmt::Expr(statement)) = body.first() else {
        return None;
    };
    let Expr::StringLiteral(_) = &*statement.value else {
        return None;
    };
    literal::string(&statement.value).map(clean)
}

/// `inspect.cleandoc`: strips the first line, removes the common indentation of the
/// others, drops leading and trailing blank lines.
pub(crate) fn clean(doc: &str) -> String {
    let expanded = expand_tabs(doc);
    let mut lines: Vec<&str> = expanded.split('\n').collect();
    let margin = lines
        .iter()
        .skip(1)
        .filter(|line| !line.trim_start().is_empty())
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    if let Some(first) = lines.first_mut() {
        *first = first.trim_start();
    }
    for line in lines.iter_mut().skip(1) {
        *line = line.get(margin..).unwrap_or("");
    }
    while lines.last().is_some_and(|line| line.is_empty()) {
        lines.pop();
    }
    let leading_blank = lines.iter().take_while(|line| line.is_empty()).count();
    lines[leading_blank..].join("\n")
}

fn expand_tabs(text: &str) -> String {
    let mut expanded = String::with_capacity(text.len());
    let mut column = 0;
    for c in text.chars() {
        match c {
            '\t' => {
                let spaces = TAB_STOP - column % TAB_STOP;
                expanded.extend(std::iter::repeat_n(' ', spaces));
                column += spaces;
            }
            '\n' => {
                expanded.push(c);
                column = 0;
            }
            _ => {
                expanded.push(c);
                column += 1;
            }
        }
    }
    expanded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_clean_dedents_like_cleandoc() {
        assert_eq!(
            clean("  Get an item.\n\n    Details\n      more\n    "),
            "Get an item.\n\nDetails\n  more"
        );
        assert_eq!(clean("\n    Only body.\n"), "Only body.");
        assert_eq!(clean("One line."), "One line.");
    }
}
