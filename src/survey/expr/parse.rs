//! The recursive-descent parser of show_if, with its nesting limit and the checks of
//! each question reference against the survey.

use super::lex::{Token, TokenKind, lex};
use super::{Expr, ExprError, Literal, MAX_DEPTH, Op};
use crate::survey::model::{Kind, Question};

/// Parse `source` for the question at position `current`; it may refer only
/// to `questions[..current]` (a gate passes `questions.len()`: any question).
pub fn parse(source: &str, questions: &[Question], current: usize) -> Result<Expr, Vec<ExprError>> {
    let tokens = lex(source).map_err(|e| vec![e])?;
    let mut parser = Parser {
        tokens,
        pos: 0,
        questions,
        current,
        errors: Vec::new(),
        end: source.chars().count() + 1,
        nesting: 0,
    };
    let (expr, depth) = parser.or().map_err(|e| vec![e])?;
    if let Some(tok) = parser.tokens.get(parser.pos) {
        return Err(vec![ExprError {
            column: tok.column,
            message: format!("unexpected {}", tok.kind),
        }]);
    }
    if depth > MAX_DEPTH {
        return Err(vec![too_deep(1)]);
    }
    if parser.errors.is_empty() {
        Ok(expr)
    } else {
        Err(parser.errors)
    }
}

fn too_deep(column: usize) -> ExprError {
    ExprError {
        column,
        message: format!(
            "nested more than {MAX_DEPTH} levels deep (not, parentheses, and/or); write it more simply"
        ),
    }
}

/// A parsed piece and how deep it nests (a comparison is 0).
type Parsed = Result<(Expr, usize), ExprError>;

/// Stands for an unknown question id while parsing goes on.
const UNKNOWN: usize = usize::MAX;

struct Parser<'a> {
    tokens: Vec<Token>,
    pos: usize,
    questions: &'a [Question],
    current: usize,
    /// Meaning problems (unknown question, wrong kind of value); parsing goes on.
    errors: Vec<ExprError>,
    /// Column just past the end, for "expected … at the end" messages.
    end: usize,
    /// `not`s and parentheses open around the current token: recursion stops at `MAX_DEPTH`.
    nesting: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&TokenKind> {
        self.tokens.get(self.pos).map(|t| &t.kind)
    }

    fn next(&mut self, expected: &str) -> Result<Token, ExprError> {
        let tok = self
            .tokens
            .get(self.pos)
            .cloned()
            .ok_or_else(|| ExprError {
                column: self.end,
                message: format!("expected {expected}, found the end"),
            })?;
        self.pos += 1;
        Ok(tok)
    }

    fn keyword(&mut self, word: &str) -> bool {
        if matches!(self.peek(), Some(TokenKind::Ident(w)) if w == word) {
            self.pos += 1;
            return true;
        }
        false
    }

    fn expect(&mut self, kind: TokenKind, expected: &str) -> Result<(), ExprError> {
        let tok = self.next(expected)?;
        if tok.kind == kind {
            Ok(())
        } else {
            Err(ExprError {
                column: tok.column,
                message: format!("expected {expected}, found {}", tok.kind),
            })
        }
    }

    fn or(&mut self) -> Parsed {
        self.chain("or", Self::and, Expr::Or)
    }

    fn and(&mut self) -> Parsed {
        self.chain("and", Self::unary, Expr::And)
    }

    /// `operand (word operand)*`: one operand as it is, or two or more as one level.
    fn chain(
        &mut self,
        word: &str,
        operand: fn(&mut Self) -> Parsed,
        node: fn(Vec<Expr>) -> Expr,
    ) -> Parsed {
        let (first, mut depth) = operand(self)?;
        let mut items = vec![first];
        while self.keyword(word) {
            let (next, d) = operand(self)?;
            items.push(next);
            depth = depth.max(d);
        }
        Ok(if items.len() == 1 {
            (items.swap_remove(0), depth)
        } else {
            (node(items), depth + 1)
        })
    }

    /// Parses one level deeper (a `not` or a parenthesis), refusing the level past
    /// `MAX_DEPTH` before recursing.
    fn nested(&mut self, column: usize, parse: fn(&mut Self) -> Parsed) -> Parsed {
        if self.nesting >= MAX_DEPTH {
            return Err(too_deep(column));
        }
        self.nesting += 1;
        let inner = parse(self);
        self.nesting -= 1;
        inner.map(|(e, depth)| (e, depth + 1))
    }

    fn unary(&mut self) -> Parsed {
        let column = self.tokens.get(self.pos).map_or(self.end, |t| t.column);
        if self.keyword("not") {
            let (inner, depth) = self.nested(column, Self::unary)?;
            return Ok((Expr::Not(Box::new(inner)), depth));
        }
        let tok = self.next("a question id, not, or '('")?;
        let leaf = match tok.kind {
            TokenKind::LParen => {
                let inner = self.nested(column, Self::or)?;
                self.expect(TokenKind::RParen, "')'")?;
                return Ok(inner);
            }
            TokenKind::Ident(name)
                if name == "selected" && self.peek() == Some(&TokenKind::LParen) =>
            {
                self.selected()
            }
            TokenKind::Ident(name)
                if name == "answered" && self.peek() == Some(&TokenKind::LParen) =>
            {
                self.pos += 1;
                let (question, _) = self.question_ref()?;
                self.expect(TokenKind::RParen, "')'")?;
                Ok(Expr::Answered { question })
            }
            TokenKind::Ident(_) => {
                self.pos -= 1;
                self.comparison()
            }
            other => Err(ExprError {
                column: tok.column,
                message: format!("expected a question id, not, or '(', found {other}"),
            }),
        };
        leaf.map(|e| (e, 0))
    }

    fn selected(&mut self) -> Result<Expr, ExprError> {
        self.pos += 1;
        let (question, column) = self.question_ref()?;
        self.expect(TokenKind::Comma, "','")?;
        let tok = self.next("an option value in quotes")?;
        let TokenKind::Str(value) = tok.kind else {
            return Err(ExprError {
                column: tok.column,
                message: format!("expected an option value in quotes, found {}", tok.kind),
            });
        };
        self.expect(TokenKind::RParen, "')'")?;
        let Some(q) = self.questions.get(question) else {
            return Ok(Expr::Selected { question, value });
        };
        match &q.kind {
            Kind::Multi { .. } | Kind::Single { .. } => {
                if q.option(&value).is_none() {
                    self.error(
                        tok.column,
                        format!("question {} has no option '{value}'", q.id),
                    );
                }
            }
            _ => self.error(
                column,
                format!(
                    "selected() needs a multi or single question; {} is {}",
                    q.id,
                    q.kind.name()
                ),
            ),
        }
        Ok(Expr::Selected { question, value })
    }

    fn comparison(&mut self) -> Result<Expr, ExprError> {
        let (question, column) = self.question_ref()?;
        let tok = self.next("a comparison (== != < <= > >=)")?;
        let TokenKind::Op(op) = tok.kind else {
            return Err(ExprError {
                column: tok.column,
                message: format!(
                    "expected a comparison (== != < <= > >=), found {}",
                    tok.kind
                ),
            });
        };
        let tok = self.next("a number or a quoted text")?;
        let value = match tok.kind {
            TokenKind::Number(n) => Literal::Number(n),
            TokenKind::Str(s) => Literal::Text(s),
            other => {
                return Err(ExprError {
                    column: tok.column,
                    message: format!("expected a number or a quoted text, found {other}"),
                });
            }
        };
        self.check_comparison(question, column, op, &value, tok.column);
        Ok(Expr::Compare {
            question,
            op,
            value,
        })
    }

    fn check_comparison(
        &mut self,
        question: usize,
        column: usize,
        op: Op,
        value: &Literal,
        value_column: usize,
    ) {
        let Some(q) = self.questions.get(question) else {
            return;
        };
        let ordering = !matches!(op, Op::Eq | Op::Ne);
        let problem = match (&q.kind, value) {
            (Kind::Multi { .. }, _) => Some(format!(
                "{} is a multi question: use selected({}, 'value')",
                q.id, q.id
            )),
            (Kind::Single { .. } | Kind::YesNo { .. }, _) if ordering => Some(format!(
                "{} is a {} question: compare it with == or !=",
                q.id,
                q.kind.name()
            )),
            (Kind::Single { .. }, Literal::Text(v)) => q
                .option(v)
                .is_none()
                .then(|| format!("question {} has no option '{v}'", q.id)),
            (Kind::YesNo { .. }, Literal::Text(v)) => (v != "yes" && v != "no").then(|| {
                format!(
                    "{} is a yes/no question: compare it with 'yes' or 'no'",
                    q.id
                )
            }),
            (Kind::Scale { .. } | Kind::Number(_), Literal::Text(v)) => Some(format!(
                "text '{v}' compared with {}, a {} question: write a number",
                q.id,
                q.kind.name()
            )),
            (Kind::Scale { .. } | Kind::Number(_), Literal::Number(_)) => None,
            (Kind::Date, Literal::Text(v)) => chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .is_err()
                .then(|| format!("'{v}' is not a date written YYYY-MM-DD")),
            (Kind::Text { .. }, Literal::Text(_)) => None,
            (_, Literal::Number(n)) => Some(format!(
                "number {n} compared with {}, a {} question: write a quoted text",
                q.id,
                q.kind.name()
            )),
            (Kind::Note, _) => Some(format!("{} is a note and has no answer", q.id)),
        };
        if let Some(message) = problem {
            let at = if matches!(q.kind, Kind::Multi { .. }) {
                column
            } else {
                value_column
            };
            self.error(at, message);
        }
    }

    /// A question id that names an earlier question; its index and column.
    fn question_ref(&mut self) -> Result<(usize, usize), ExprError> {
        let tok = self.next("a question id")?;
        let TokenKind::Ident(name) = tok.kind else {
            return Err(ExprError {
                column: tok.column,
                message: format!("expected a question id, found {}", tok.kind),
            });
        };
        let Some(index) = self.questions.iter().position(|q| q.id == name) else {
            // Parsing goes on so that later problems are found too; the
            // expression is discarded since an error was recorded.
            self.error(tok.column, format!("unknown question '{name}'"));
            return Ok((UNKNOWN, tok.column));
        };
        if index >= self.current {
            let which = if index == self.current {
                "this question itself"
            } else {
                "a later question"
            };
            self.error(
                tok.column,
                format!("'{name}' is {which}; show_if may only refer to questions before it"),
            );
        }
        if matches!(self.questions[index].kind, Kind::Note) {
            self.error(tok.column, format!("'{name}' is a note and has no answer"));
        }
        Ok((index, tok.column))
    }

    fn error(&mut self, column: usize, message: String) {
        self.errors.push(ExprError { column, message });
    }
}
