//! `show_if`: a small expression over answers to earlier questions.
//!
//! ```text
//! expr    := and ("or" and)*
//! and     := unary ("and" unary)*
//! unary   := "not" unary | "(" expr ")" | call | compare
//! call    := "selected" "(" ID "," STRING ")" | "answered" "(" ID ")"
//! compare := ID ("==" | "!=" | "<" | "<=" | ">" | ">=") (NUMBER | STRING)
//! ```
//! Parsed and checked once, at load; evaluation never fails. Nesting is limited to
//! `MAX_DEPTH` levels, so neither the parser nor the evaluator can exhaust the stack.

use std::fmt;

use super::answer::Answer;

mod lex;
mod parse;

pub use parse::parse;

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Compare {
        question: usize,
        op: Op,
        value: Literal,
    },
    Selected {
        question: usize,
        value: String,
    },
    Answered {
        question: usize,
    },
    Not(Box<Expr>),
    /// Two or more, all of which hold.
    And(Vec<Expr>),
    /// Two or more, one of which holds.
    Or(Vec<Expr>),
}

/// The deepest an expression may nest: each `not`, parenthesis and `and`/`or` chain is a level.
pub const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Number(f64),
    Text(String),
}

/// A problem in an expression, at a 1-based column (in characters).
#[derive(Debug, Clone, PartialEq)]
pub struct ExprError {
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
    }
}

impl Expr {
    /// Evaluate with `answer(i)` giving the answer to question `i` when it is
    /// shown and answered. Comparisons with a missing or "na" answer are false.
    pub fn eval<'a>(&self, answer: &dyn Fn(usize) -> Option<&'a Answer>) -> bool {
        match self {
            Expr::Compare {
                question,
                op,
                value,
            } => answer(*question).is_some_and(|a| compare(a, *op, value)),
            Expr::Selected { question, value } => match answer(*question) {
                Some(Answer::Choices(chosen)) => chosen.contains(value),
                Some(Answer::Choice(chosen)) => chosen == value,
                _ => false,
            },
            Expr::Answered { question } => answer(*question).is_some(),
            Expr::Not(e) => !e.eval(answer),
            Expr::And(all) => all.iter().all(|e| e.eval(answer)),
            Expr::Or(any) => any.iter().any(|e| e.eval(answer)),
        }
    }

    /// Indices of the questions this expression reads.
    pub fn questions(&self, out: &mut Vec<usize>) {
        match self {
            Expr::Compare { question, .. }
            | Expr::Selected { question, .. }
            | Expr::Answered { question } => out.push(*question),
            Expr::Not(e) => e.questions(out),
            Expr::And(items) | Expr::Or(items) => {
                for e in items {
                    e.questions(out);
                }
            }
        }
    }
}

fn compare(answer: &Answer, op: Op, value: &Literal) -> bool {
    let ordering = match (answer, value) {
        (Answer::Number(a), Literal::Number(b)) => a.partial_cmp(b),
        (Answer::Choice(a) | Answer::Text(a), Literal::Text(b)) => Some(a.as_str().cmp(b.as_str())),
        _ => None,
    };
    let Some(ord) = ordering else { return false };
    match op {
        Op::Eq => ord.is_eq(),
        Op::Ne => ord.is_ne(),
        Op::Lt => ord.is_lt(),
        Op::Le => ord.is_le(),
        Op::Gt => ord.is_gt(),
        Op::Ge => ord.is_ge(),
    }
}
