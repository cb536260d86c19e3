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
use super::model::{Kind, Question};

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

/// A parsed piece and how deep it nests (a comparison is 0).
type Parsed = Result<(Expr, usize), ExprError>;

/// Stands for an unknown question id while parsing goes on.
const UNKNOWN: usize = usize::MAX;

#[derive(Debug, Clone, PartialEq)]
enum TokenKind {
    Ident(String),
    Number(f64),
    Str(String),
    Op(Op),
    LParen,
    RParen,
    Comma,
}

impl fmt::Display for TokenKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenKind::Ident(s) => write!(f, "'{s}'"),
            TokenKind::Number(n) => write!(f, "number {n}"),
            TokenKind::Str(s) => write!(f, "text '{s}'"),
            TokenKind::Op(op) => write!(f, "'{}'", op_symbol(*op)),
            TokenKind::LParen => f.write_str("'('"),
            TokenKind::RParen => f.write_str("')'"),
            TokenKind::Comma => f.write_str("','"),
        }
    }
}

fn op_symbol(op: Op) -> &'static str {
    match op {
        Op::Eq => "==",
        Op::Ne => "!=",
        Op::Lt => "<",
        Op::Le => "<=",
        Op::Gt => ">",
        Op::Ge => ">=",
    }
}

#[derive(Debug, Clone)]
struct Token {
    kind: TokenKind,
    column: usize,
}

fn lex(source: &str) -> Result<Vec<Token>, ExprError> {
    let chars: Vec<char> = source.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let column = i + 1;
        let err = |message: String| ExprError { column, message };
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let (kind, len) = match c {
            '(' => (TokenKind::LParen, 1),
            ')' => (TokenKind::RParen, 1),
            ',' => (TokenKind::Comma, 1),
            '=' | '!' | '<' | '>' => {
                let next_eq = chars.get(i + 1) == Some(&'=');
                match (c, next_eq) {
                    ('=', true) => (TokenKind::Op(Op::Eq), 2),
                    ('!', true) => (TokenKind::Op(Op::Ne), 2),
                    ('<', true) => (TokenKind::Op(Op::Le), 2),
                    ('>', true) => (TokenKind::Op(Op::Ge), 2),
                    ('<', false) => (TokenKind::Op(Op::Lt), 1),
                    ('>', false) => (TokenKind::Op(Op::Gt), 1),
                    _ => {
                        return Err(err(format!(
                            "'{c}' must be written '{c}='; use == to compare"
                        )));
                    }
                }
            }
            '\'' | '"' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&d| d == c)
                    .ok_or_else(|| err("text is not closed with a matching quote".into()))?;
                (
                    TokenKind::Str(chars[i + 1..i + 1 + end].iter().collect()),
                    end + 2,
                )
            }
            c if c.is_ascii_digit() || c == '-' || c == '.' => {
                let len = chars[i..]
                    .iter()
                    .enumerate()
                    .take_while(|(k, d)| {
                        d.is_ascii_digit() || **d == '.' || (*k == 0 && **d == '-')
                    })
                    .count();
                let text: String = chars[i..i + len].iter().collect();
                let n = text
                    .parse::<f64>()
                    .map_err(|_| err(format!("'{text}' is not a number")))?;
                (TokenKind::Number(n), len)
            }
            c if c.is_alphanumeric() || c == '_' => {
                let len = chars[i..]
                    .iter()
                    .take_while(|d| d.is_alphanumeric() || **d == '_' || **d == '-')
                    .count();
                (TokenKind::Ident(chars[i..i + len].iter().collect()), len)
            }
            _ => return Err(err(format!("unexpected character '{c}'"))),
        };
        tokens.push(Token { kind, column });
        i += len;
    }
    Ok(tokens)
}

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
