package org.bootlace.grub2;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import org.bootlace.LimitExceededException;

/**
 * POSIX extended regular expressions as GRUB evaluates them: gnulib's {@code regcomp(REG_EXTENDED)}
 * and {@code regexec} built into GRUB, which reads patterns and strings as UTF-8 and knows only the
 * ASCII character classes.
 *
 * <p>Compiling follows gnulib's parser (its errors, anchors that cannot be repeated, {@code {n,m}}
 * rewritten as copies, GNU's {@code \w \W \s \S \b \B \< \> \` \'}, back-references to closed
 * groups only, a group directly inside another sharing its registers). Matching finds the leftmost
 * start and the longest match from it; the groups then take the values of the path gnulib's {@code
 * set_regs} walks: through the NFA in node order, each choice the first one that can still end
 * where the whole match ends, with gnulib's rules for groups inside loops that match empty.
 *
 * <p>Without back-references both passes are linear in the string times the pattern's size. With
 * them the search backtracks; every step is charged to the caller's {@link Budget}, so a hostile
 * pattern ends with the budget's exception rather than running on.
 */
final class PosixRegex {
  /** Charged once per {@link #STEPS_PER_TICK} steps of matching. */
  interface Budget {
    void tick() throws LimitExceededException;
  }

  /** A pattern gnulib's regcomp rejects; the message is regerror's text. */
  static final class CompileError extends Exception {
    CompileError(String message) {
      super(message, null, false, false);
    }
  }

  static final int STEPS_PER_TICK = 4096;

  /** Past this many NFA nodes the pattern is refused as GRUB's heap would refuse it. */
  static final int MAX_NODES = 50_000;

  static final int RE_DUP_MAX = 0x7fff;

  /** Groups nested deeper than this are refused: the parser recurses once per level. */
  static final int MAX_NESTING = 256;

  static final String NO_MATCH = "No match";
  static final String BADPAT = "Invalid regular expression";
  static final String ECOLLATE = "Invalid collation character";
  static final String ECTYPE = "Invalid character class name";
  static final String EESCAPE = "Trailing backslash";
  static final String ESUBREG = "Invalid back reference";
  static final String EBRACK = "Unmatched [, [^, [:, [., or [=";
  static final String EPAREN = "Unmatched ( or \\(";
  static final String EBRACE = "Unmatched \\{";
  static final String BADBR = "Invalid content of \\{\\}";
  static final String ERANGE = "Invalid range end";
  static final String ESPACE = "Memory exhausted";
  static final String BADRPT = "Invalid preceding regular expression";
  static final String ESIZE = "Regular expression too big";

  // Node kinds of the NFA (and of the parse tree, which adds CONCAT and SUBEXP).
  private static final int CHAR = 0;
  private static final int SET = 1;
  private static final int BACKREF = 2;
  private static final int ANCHOR = 3;
  private static final int OPEN = 4;
  private static final int CLOSE = 5;
  private static final int ALT = 6;
  private static final int STAR = 7;
  private static final int END = 8;
  private static final int CONCAT = 9;
  private static final int SUBEXP = 10;

  // Anchor kinds.
  private static final int A_BEGIN = 0;
  private static final int A_END = 1;
  private static final int A_WORD_FIRST = 2;
  private static final int A_WORD_LAST = 3;
  private static final int A_WORD_DELIM = 4;
  private static final int A_NOT_WORD_DELIM = 5;

  /** The number of parenthesised groups (regcomp's re_nsub). */
  final int groups;

  private final int[] kind;
  private final int[] value;
  private final CharSet[] sets;
  private final boolean[] opt;
  private final int[] next;
  private final int[][] edests;
  private final int[][] preds;
  private final int start;
  private final int endNode;
  private final int[] subexpMap;
  private final boolean backrefs;

  private PosixRegex(Compiler c, Tree root) {
    groups = c.nsub;
    subexpMap = c.subexpMap;
    backrefs = c.backrefs;
    List<Tree> nodes = number(root);
    int n = nodes.size();
    kind = new int[n];
    value = new int[n];
    sets = new CharSet[n];
    opt = new boolean[n];
    next = new int[n];
    edests = new int[n][];
    Arrays.fill(next, -1);
    root.next = null;
    linkNext(root);
    int endIdx = -1;
    for (int i = 0; i < n; i++) {
      Tree t = nodes.get(i);
      kind[i] = t.kind;
      value[i] = t.value;
      sets[i] = t.set;
      opt[i] = t.opt;
      switch (t.kind) {
        case ALT, STAR -> {
          int l = t.left != null ? t.left.first.index : t.next.first.index;
          int r = t.right != null ? t.right.first.index : t.next.first.index;
          edests[i] = l == r ? new int[] {l} : new int[] {Math.min(l, r), Math.max(l, r)};
        }
        case ANCHOR, OPEN, CLOSE -> edests[i] = new int[] {t.next.first.index};
        case END -> {
          edests[i] = new int[0];
          endIdx = i;
        }
        default -> {
          next[i] = t.next.first.index;
          edests[i] = new int[0];
        }
      }
    }
    endNode = endIdx;
    start = root.first.index;
    int[] count = new int[n];
    for (int i = 0; i < n; i++) {
      if (epsilon(i)) {
        for (int d : edests[i]) {
          count[d]++;
        }
      }
    }
    preds = new int[n][];
    for (int i = 0; i < n; i++) {
      preds[i] = new int[count[i]];
    }
    Arrays.fill(count, 0);
    for (int i = 0; i < n; i++) {
      if (epsilon(i)) {
        for (int d : edests[i]) {
          preds[d][count[d]++] = i;
        }
      }
    }
  }

  private boolean epsilon(int node) {
    int k = kind[node];
    return k == ANCHOR || k == OPEN || k == CLOSE || k == ALT || k == STAR;
  }

  /** Compiles {@code pattern} as {@code regcomp(pattern, REG_EXTENDED)} does in GRUB. */
  static PosixRegex compile(String pattern) throws CompileError {
    Compiler c = new Compiler(pattern.codePoints().toArray());
    Tree tree = c.parse();
    Tree end = new Tree(END);
    Tree root = tree != null ? Tree.of(CONCAT, tree, end) : end;
    if (c.subexpMap.length > 0) {
      optimizeSubexps(root, c.subexpMap);
    }
    root = lower(root);
    return new PosixRegex(c, root);
  }

  // ---------------------------------------------------------------- the parse tree

  private static final class Tree {
    final int kind;
    int value;
    CharSet set;
    boolean opt;
    Tree left;
    Tree right;
    Tree first;
    Tree next;
    int index = -1;

    Tree(int kind) {
      this.kind = kind;
    }

    static Tree of(int kind, Tree left, Tree right) {
      Tree t = new Tree(kind);
      t.left = left;
      t.right = right;
      return t;
    }

    /** duplicate_tree: a copy is never marked optional, whatever its original. */
    Tree copy() {
      Tree root = shallowCopy();
      ArrayDeque<Tree[]> work = new ArrayDeque<>();
      work.push(new Tree[] {this, root});
      while (!work.isEmpty()) {
        Tree[] pair = work.pop();
        if (pair[0].left != null) {
          pair[1].left = pair[0].left.shallowCopy();
          work.push(new Tree[] {pair[0].left, pair[1].left});
        }
        if (pair[0].right != null) {
          pair[1].right = pair[0].right.shallowCopy();
          work.push(new Tree[] {pair[0].right, pair[1].right});
        }
      }
      return root;
    }

    private Tree shallowCopy() {
      Tree t = new Tree(kind);
      t.value = value;
      t.set = set;
      return t;
    }

    int size() {
      return preorder(this).size();
    }
  }

  /*
   * Every walk over the tree below is iterative: {n} repetition and long literals make trees
   * tens of thousands of nodes deep, past any thread's stack.
   */

  /** The nodes in preorder, left before right. */
  private static List<Tree> preorder(Tree root) {
    return depthFirst(root, false);
  }

  /** The nodes in postorder, left before right: a right-first preorder, reversed. */
  private static List<Tree> postorder(Tree root) {
    List<Tree> out = depthFirst(root, true);
    Collections.reverse(out);
    return out;
  }

  private static List<Tree> depthFirst(Tree root, boolean rightFirst) {
    List<Tree> out = new ArrayList<>();
    ArrayDeque<Tree> work = new ArrayDeque<>();
    work.push(root);
    while (!work.isEmpty()) {
      Tree t = work.pop();
      out.add(t);
      Tree later = rightFirst ? t.left : t.right;
      Tree sooner = rightFirst ? t.right : t.left;
      if (later != null) {
        work.push(later);
      }
      if (sooner != null) {
        work.push(sooner);
      }
    }
    return out;
  }

  /**
   * gnulib's optimize_subexps, in preorder: a group directly holding a group takes its place, and
   * back-references to the inner group refer to the outer one.
   */
  private static void optimizeSubexps(Tree root, int[] map) {
    ArrayDeque<Tree> work = new ArrayDeque<>();
    work.push(root);
    while (!work.isEmpty()) {
      Tree node = work.pop();
      if (node.kind == BACKREF) {
        node.value = map[node.value];
      } else if (node.kind == SUBEXP && node.left != null && node.left.kind == SUBEXP) {
        int other = node.left.value;
        node.left = node.left.left;
        map[other] = map[node.value];
      }
      if (node.right != null) {
        work.push(node.right);
      }
      if (node.left != null) {
        work.push(node.left);
      }
    }
  }

  /** lower_subexp: a group becomes open, body, close. */
  private static Tree lower(Tree root) {
    Tree top = root.kind == SUBEXP ? lowered(root) : root;
    ArrayDeque<Tree> work = new ArrayDeque<>();
    work.push(top);
    while (!work.isEmpty()) {
      Tree node = work.pop();
      if (node.left != null) {
        if (node.left.kind == SUBEXP) {
          node.left = lowered(node.left);
        }
        work.push(node.left);
      }
      if (node.right != null) {
        if (node.right.kind == SUBEXP) {
          node.right = lowered(node.right);
        }
        work.push(node.right);
      }
    }
    return top;
  }

  /** One group as open, body, close; the body is lowered when the walk reaches it. */
  private static Tree lowered(Tree group) {
    Tree open = new Tree(OPEN);
    Tree close = new Tree(CLOSE);
    open.value = close.value = group.value;
    open.opt = close.opt = group.opt;
    Tree body = group.left;
    return Tree.of(CONCAT, open, body != null ? Tree.of(CONCAT, body, close) : close);
  }

  /** calc_first, postorder: every node but CONCAT gets the next index. */
  private static List<Tree> number(Tree root) {
    List<Tree> nodes = new ArrayList<>();
    for (Tree t : postorder(root)) {
      if (t.kind == CONCAT) {
        t.first = t.left.first;
      } else {
        t.first = t;
        t.index = nodes.size();
        nodes.add(t);
      }
    }
    return nodes;
  }

  /** calc_next, preorder: a node's next is set before its children read it. */
  private static void linkNext(Tree root) {
    for (Tree t : preorder(root)) {
      if (t.kind == STAR) {
        t.left.next = t;
      } else if (t.kind == CONCAT) {
        t.left.next = t.right;
        t.right.next = t.next;
      } else {
        if (t.left != null) {
          t.left.next = t.next;
        }
        if (t.right != null) {
          t.right.next = t.next;
        }
      }
    }
  }

  // ---------------------------------------------------------------- character sets

  /** A bracket expression or class: ASCII members as bits, the rest as code point ranges. */
  static final class CharSet {
    final BitSet ascii = new BitSet(128);
    final List<int[]> ranges = new ArrayList<>();
    boolean negated;

    boolean matches(int cp) {
      boolean in;
      if (cp < 128) {
        in = ascii.get(cp);
      } else {
        in = false;
        for (int[] r : ranges) {
          if (cp >= r[0] && cp <= r[1]) {
            in = true;
            break;
          }
        }
      }
      return in != negated;
    }

    void add(int lo, int hi) {
      for (int c = lo; c <= Math.min(hi, 127); c++) {
        ascii.set(c);
      }
      if (hi >= 128) {
        ranges.add(new int[] {Math.max(lo, 128), hi});
      }
    }
  }

  static boolean inClass(String name, int c) {
    boolean upper = c >= 'A' && c <= 'Z';
    boolean lower = c >= 'a' && c <= 'z';
    boolean digit = c >= '0' && c <= '9';
    boolean space = c == ' ' || (c >= '\t' && c <= '\r');
    boolean print = c >= 0x20 && c < 0x7f;
    return switch (name) {
      case "alpha" -> upper || lower;
      case "upper" -> upper;
      case "lower" -> lower;
      case "digit" -> digit;
      case "alnum" -> upper || lower || digit;
      case "xdigit" -> digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      case "space" -> space;
      case "blank" -> c == ' ' || c == '\t';
      case "print" -> print;
      case "graph" -> print && c != ' ';
      case "punct" -> print && !space && !upper && !lower && !digit;
      case "cntrl" -> c < 0x20 || c == 0x7f;
      default -> false;
    };
  }

  private static boolean isClass(String name) {
    return switch (name) {
      case "alpha",
          "upper",
          "lower",
          "digit",
          "alnum",
          "xdigit",
          "space",
          "blank",
          "print",
          "graph",
          "punct",
          "cntrl" ->
          true;
      default -> false;
    };
  }

  static boolean wordChar(int c) {
    return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  // ---------------------------------------------------------------- the parser

  private static final int T_CHAR = 0;
  private static final int T_ANY = 1;
  private static final int T_BRACKET = 2;
  private static final int T_BACKREF = 3;
  private static final int T_OPEN = 4;
  private static final int T_CLOSE = 5;
  private static final int T_ALT = 6;
  private static final int T_STAR = 7;
  private static final int T_PLUS = 8;
  private static final int T_QUESTION = 9;
  private static final int T_OPEN_DUP = 10;
  private static final int T_CLOSE_DUP = 11;
  private static final int T_ANCHOR = 12;
  private static final int T_CLASS = 13;
  private static final int T_BACKSLASH = 14;
  private static final int T_END = 15;

  private static final class Compiler {
    final int[] p;
    int pos;
    int type;
    int c;
    int nsub;
    int completed;
    int nodes;
    boolean backrefs;
    int[] subexpMap = new int[0];

    Compiler(int[] p) {
      this.p = p;
    }

    Tree parse() throws CompileError {
      fetch();
      Tree t = regExp(0);
      subexpMap = new int[nsub];
      for (int i = 0; i < nsub; i++) {
        subexpMap[i] = i;
      }
      return t;
    }

    /** peek_token and skip: the next token of the pattern. */
    void fetch() {
      if (pos >= p.length) {
        type = T_END;
        return;
      }
      int ch = p[pos++];
      c = ch;
      if (ch == '\\') {
        if (pos >= p.length) {
          type = T_BACKSLASH;
          return;
        }
        int c2 = p[pos++];
        c = c2;
        type = T_CHAR;
        switch (c2) {
          case '1', '2', '3', '4', '5', '6', '7', '8', '9' -> {
            type = T_BACKREF;
            c = c2 - '1';
          }
          case '<' -> anchor(A_WORD_FIRST);
          case '>' -> anchor(A_WORD_LAST);
          case 'b' -> anchor(A_WORD_DELIM);
          case 'B' -> anchor(A_NOT_WORD_DELIM);
          case '`' -> anchor(A_BEGIN);
          case '\'' -> anchor(A_END);
          case 'w', 'W', 's', 'S' -> type = T_CLASS;
          default -> {}
        }
        return;
      }
      switch (ch) {
        case '|' -> type = T_ALT;
        case '*' -> type = T_STAR;
        case '+' -> type = T_PLUS;
        case '?' -> type = T_QUESTION;
        case '{' -> type = T_OPEN_DUP;
        case '}' -> type = T_CLOSE_DUP;
        case '(' -> type = T_OPEN;
        case ')' -> type = T_CLOSE;
        case '[' -> type = T_BRACKET;
        case '.' -> type = T_ANY;
        case '^' -> anchor(A_BEGIN);
        case '$' -> anchor(A_END);
        default -> type = T_CHAR;
      }
    }

    private void anchor(int a) {
      type = T_ANCHOR;
      c = a;
    }

    Tree node(int kind) throws CompileError {
      if (++nodes > MAX_NODES) {
        throw new CompileError(ESPACE);
      }
      return new Tree(kind);
    }

    Tree regExp(int nest) throws CompileError {
      int initial = completed;
      Tree tree = null;
      if (type != T_ALT && type != T_END && (nest == 0 || type != T_CLOSE)) {
        tree = branch(nest);
      }
      while (type == T_ALT) {
        fetch();
        Tree branch = null;
        if (type != T_ALT && type != T_END && (nest == 0 || type != T_CLOSE)) {
          int accumulated = completed;
          completed = initial;
          branch = branch(nest);
          completed |= accumulated;
        }
        Tree alt = node(ALT);
        alt.left = tree;
        alt.right = branch;
        tree = alt;
      }
      return tree;
    }

    Tree branch(int nest) throws CompileError {
      Tree tree = expression(nest);
      while (type != T_ALT && type != T_END && (nest == 0 || type != T_CLOSE)) {
        Tree expr = expression(nest);
        if (tree != null && expr != null) {
          tree = Tree.of(CONCAT, tree, expr);
        } else if (tree == null) {
          tree = expr;
        }
      }
      return tree;
    }

    Tree expression(int nest) throws CompileError {
      Tree tree;
      switch (type) {
        case T_CHAR, T_CLOSE, T_CLOSE_DUP -> {
          tree = node(CHAR);
          tree.value = c;
        }
        case T_ANY -> {
          tree = node(SET);
          tree.set = new CharSet();
          tree.set.negated = true;
        }
        case T_BRACKET -> {
          tree = node(SET);
          tree.set = bracket();
        }
        case T_CLASS -> {
          tree = node(SET);
          CharSet s = new CharSet();
          for (int ch = 0; ch < 128; ch++) {
            if (c == 'w' || c == 'W' ? wordChar(ch) : inClass("space", ch)) {
              s.ascii.set(ch);
            }
          }
          s.negated = c == 'W' || c == 'S';
          tree.set = s;
        }
        case T_BACKREF -> {
          if ((completed & (1 << c)) == 0) {
            throw new CompileError(ESUBREG);
          }
          backrefs = true;
          tree = node(BACKREF);
          tree.value = c;
        }
        case T_OPEN -> tree = subExp(nest + 1);
        case T_OPEN_DUP, T_STAR, T_PLUS, T_QUESTION -> throw new CompileError(BADRPT);
        case T_ANCHOR -> {
          tree = node(ANCHOR);
          tree.value = c;
          fetch();
          return tree;
        }
        case T_BACKSLASH -> throw new CompileError(EESCAPE);
        default -> {
          return null;
        }
      }
      fetch();
      while (type == T_STAR || type == T_PLUS || type == T_QUESTION || type == T_OPEN_DUP) {
        tree = dup(tree);
      }
      return tree;
    }

    Tree subExp(int nest) throws CompileError {
      if (nest > MAX_NESTING) {
        throw new CompileError(ESPACE);
      }
      int idx = nsub++;
      fetch();
      Tree tree = null;
      if (type != T_CLOSE) {
        tree = regExp(nest);
        if (type != T_CLOSE) {
          throw new CompileError(EPAREN);
        }
      }
      if (idx < 9) {
        completed |= 1 << idx;
      }
      Tree s = node(SUBEXP);
      s.left = tree;
      s.value = idx;
      return s;
    }

    /** fetch_number: digits up to ',' or '}'; -1 for none, -2 for anything else or the end. */
    int number() {
      int num = -1;
      while (true) {
        fetch();
        if (type == T_END) {
          return -2;
        }
        if (type == T_CLOSE_DUP || c == ',') {
          return num;
        }
        num =
            type != T_CHAR || c < '0' || c > '9' || num == -2
                ? -2
                : num == -1 ? c - '0' : Math.min(RE_DUP_MAX + 1, num * 10 + c - '0');
      }
    }

    Tree dup(Tree elem) throws CompileError {
      int from;
      int to;
      if (type == T_OPEN_DUP) {
        from = number();
        if (from == -1) {
          if (type == T_CHAR && c == ',') {
            from = 0;
          } else {
            throw new CompileError(BADBR);
          }
        }
        to = 0;
        if (from != -2) {
          to = type == T_CLOSE_DUP ? from : type == T_CHAR && c == ',' ? number() : -2;
        }
        if (from == -2 || to == -2) {
          throw new CompileError(type == T_END ? EBRACE : BADBR);
        }
        if ((to != -1 && from > to) || type != T_CLOSE_DUP) {
          throw new CompileError(BADBR);
        }
        if (RE_DUP_MAX < (to == -1 ? from : to)) {
          throw new CompileError(ESIZE);
        }
      } else {
        from = type == T_PLUS ? 1 : 0;
        to = type == T_QUESTION ? 1 : -1;
      }
      fetch();
      if (elem == null) {
        return null;
      }
      if (from == 0 && to == 0) {
        return null;
      }
      long copies = (long) Math.max(from, 1) + (to > from ? to - from : 0);
      if (copies * elem.size() + nodes > MAX_NODES) {
        throw new CompileError(ESPACE);
      }
      Tree tree;
      Tree old = null;
      if (from > 0) {
        tree = elem;
        for (int i = 2; i <= from; i++) {
          elem = copy(elem);
          tree = Tree.of(CONCAT, tree, elem);
        }
        if (from == to) {
          return tree;
        }
        elem = copy(elem);
        old = tree;
      }
      if (elem.kind == SUBEXP) {
        markOpt(elem, elem.value);
      }
      tree = node(to == -1 ? STAR : ALT);
      tree.left = elem;
      for (int i = from + 2; i <= to; i++) {
        elem = copy(elem);
        tree = Tree.of(CONCAT, tree, elem);
        Tree alt = node(ALT);
        alt.left = tree;
        tree = alt;
      }
      return old != null ? Tree.of(CONCAT, old, tree) : tree;
    }

    Tree copy(Tree t) {
      nodes += t.size();
      return t.copy();
    }

    static void markOpt(Tree t, int idx) {
      for (Tree n : preorder(t)) {
        if (n.kind == SUBEXP && n.value == idx) {
          n.opt = true;
        }
      }
    }

    // ---- bracket expressions (parse_bracket_exp)

    private static final int B_END = 0;
    private static final int B_CHAR = 1;
    private static final int B_RANGE = 2;
    private static final int B_CLOSE = 3;
    private static final int B_HAT = 4;
    private static final int B_COLL = 5;
    private static final int B_EQUIV = 6;
    private static final int B_CLASS = 7;

    int bType;
    int bChar;
    int bLen;

    void peekBracket() {
      if (pos >= p.length) {
        bType = B_END;
        bLen = 0;
        return;
      }
      int ch = p[pos];
      bChar = ch;
      bLen = 1;
      if (ch == '[') {
        int c2 = pos + 1 < p.length ? p[pos + 1] : 0;
        switch (c2) {
          case '.' -> {
            bType = B_COLL;
            bLen = 2;
            bChar = c2;
          }
          case '=' -> {
            bType = B_EQUIV;
            bLen = 2;
            bChar = c2;
          }
          case ':' -> {
            bType = B_CLASS;
            bLen = 2;
            bChar = c2;
          }
          default -> bType = B_CHAR;
        }
        return;
      }
      bType =
          switch (ch) {
            case '-' -> B_RANGE;
            case ']' -> B_CLOSE;
            case '^' -> B_HAT;
            default -> B_CHAR;
          };
    }

    /** One element: a character, or [.x.], [=x=], [:name:] (type, name). */
    private record Elem(int type, int ch, String name) {}

    Elem element(int tType, int tChar, boolean acceptHyphen) throws CompileError {
      pos += bLen;
      if (tType == B_COLL || tType == B_EQUIV || tType == B_CLASS) {
        if (pos >= p.length) {
          throw new CompileError(EBRACK);
        }
        StringBuilder name = new StringBuilder();
        for (int i = 0; ; i++) {
          if (i >= 32) {
            throw new CompileError(EBRACK);
          }
          int ch = p[pos++];
          if (pos >= p.length) {
            throw new CompileError(EBRACK);
          }
          if (ch == tChar && p[pos] == ']') {
            break;
          }
          name.appendCodePoint(ch);
        }
        pos++;
        return new Elem(tType, 0, name.toString());
      }
      if (tType == B_RANGE && !acceptHyphen) {
        peekBracket();
        if (bType != B_CLOSE) {
          throw new CompileError(ERANGE);
        }
      }
      return new Elem(B_CHAR, tChar, null);
    }

    /** The single character a collating symbol or character stands for in GRUB's C rules. */
    static int single(Elem e) throws CompileError {
      if (e.type == B_CHAR) {
        return e.ch;
      }
      if (e.name.codePointCount(0, e.name.length()) != 1 || e.name.codePointAt(0) >= 128) {
        throw new CompileError(ECOLLATE);
      }
      return e.name.codePointAt(0);
    }

    CharSet bracket() throws CompileError {
      CharSet set = new CharSet();
      peekBracket();
      if (bType == B_END) {
        throw new CompileError(BADPAT);
      }
      if (bType == B_HAT) {
        set.negated = true;
        pos += bLen;
        peekBracket();
        if (bType == B_END) {
          throw new CompileError(BADPAT);
        }
      }
      if (bType == B_CLOSE) {
        bType = B_CHAR;
      }
      boolean firstRound = true;
      while (true) {
        Elem startElem = element(bType, bChar, firstRound);
        firstRound = false;
        peekBracket();
        boolean range = false;
        int t2Type = 0;
        int t2Char = 0;
        if (startElem.type != B_CLASS && startElem.type != B_EQUIV) {
          if (bType == B_END) {
            throw new CompileError(EBRACK);
          }
          if (bType == B_RANGE) {
            int hyphen = bLen;
            pos += hyphen;
            peekBracket();
            if (bType == B_END) {
              throw new CompileError(EBRACK);
            }
            if (bType == B_CLOSE) {
              pos -= hyphen;
              bType = B_CHAR;
              bChar = '-';
              bLen = hyphen;
            } else {
              range = true;
              t2Type = bType;
              t2Char = bChar;
            }
          }
        }
        if (range) {
          Elem endElem = element(t2Type, t2Char, true);
          peekBracket();
          if (startElem.type == B_CLASS
              || startElem.type == B_EQUIV
              || endElem.type == B_CLASS
              || endElem.type == B_EQUIV) {
            throw new CompileError(ERANGE);
          }
          int lo = single(startElem);
          int hi = single(endElem);
          if (lo > hi) {
            throw new CompileError(ERANGE);
          }
          set.add(lo, hi);
        } else {
          switch (startElem.type) {
            case B_CHAR -> set.add(startElem.ch, startElem.ch);
            case B_CLASS -> {
              if (!isClass(startElem.name)) {
                throw new CompileError(ECTYPE);
              }
              for (int ch = 0; ch < 128; ch++) {
                if (inClass(startElem.name, ch)) {
                  set.ascii.set(ch);
                }
              }
            }
            default -> {
              int ch = single(startElem);
              set.add(ch, ch);
            }
          }
        }
        if (bType == B_END) {
          throw new CompileError(EBRACK);
        }
        if (bType == B_CLOSE) {
          break;
        }
      }
      pos += bLen;
      return set;
    }
  }

  // ---------------------------------------------------------------- matching

  /**
   * Matches {@code text}: null when nothing matches, else for the whole match and each group its
   * start and end as code point indexes ({@code -1} for a group that did not take part).
   */
  int[][] exec(String text, Budget budget) throws LimitExceededException {
    return exec(text, budget, 1L << 20);
  }

  /**
   * As {@link #exec(String, Budget)}, refusing (with {@code maxVariableBytes}) a match whose groups
   * would need a table (string positions times nodes, in bits) of more than 16 times that limit.
   */
  int[][] exec(String text, Budget budget, long maxVariableBytes) throws LimitExceededException {
    int[] cps = text.codePoints().toArray();
    Run run = new Run(cps, budget, maxVariableBytes);
    int[] se = backrefs ? run.locateBacktracking() : run.locate();
    if (se == null) {
      return null;
    }
    int[] so = new int[groups + 1];
    int[] eo = new int[groups + 1];
    Arrays.fill(so, -1);
    Arrays.fill(eo, -1);
    so[0] = se[0];
    eo[0] = se[1];
    if (groups > 0) {
      if (backrefs) {
        run.registersBacktracking(se[0], se[1], so, eo);
      } else {
        run.registers(se[0], se[1], so, eo);
      }
      for (int i = 0; i + 1 <= groups; i++) {
        if (subexpMap[i] != i) {
          so[i + 1] = so[subexpMap[i] + 1];
          eo[i + 1] = eo[subexpMap[i] + 1];
        }
      }
    }
    int[][] out = new int[groups + 1][];
    for (int i = 0; i <= groups; i++) {
      out[i] = new int[] {so[i], eo[i]};
    }
    return out;
  }

  private final class Run {
    final int[] cps;
    final Budget budget;
    final long maxVariableBytes;
    long steps;

    Run(int[] cps, Budget budget, long maxVariableBytes) {
      this.cps = cps;
      this.budget = budget;
      this.maxVariableBytes = maxVariableBytes;
    }

    void step(long n) throws LimitExceededException {
      long before = steps / STEPS_PER_TICK;
      steps += n;
      for (long t = before; t < steps / STEPS_PER_TICK; t++) {
        budget.tick();
      }
    }

    boolean anchorHolds(int a, int pos) {
      boolean before = pos > 0 && wordChar(cps[pos - 1]);
      boolean after = pos < cps.length && wordChar(cps[pos]);
      return switch (a) {
        case A_BEGIN -> pos == 0;
        case A_END -> pos == cps.length;
        case A_WORD_FIRST -> !before && after;
        case A_WORD_LAST -> before && !after;
        case A_WORD_DELIM -> before != after;
        default -> before == after;
      };
    }

    boolean consumes(int node, int pos) {
      if (pos >= cps.length) {
        return false;
      }
      return kind[node] == CHAR ? cps[pos] == value[node] : sets[node].matches(cps[pos]);
    }

    // ---- leftmost-longest without back-references: one pass, threads keep their start

    int bestStart = -1;
    int bestEnd = -1;

    int[] locate() throws LimitExceededException {
      int n = kind.length;
      int[] minStart = new int[n];
      int[] stamp = new int[n];
      int[] where = new int[n];
      Arrays.fill(stamp, -1);
      int[] cur = new int[n];
      int[] curStart = new int[n];
      int curLen = 0;
      int[] nxt = new int[n];
      int[] nxtStart = new int[n];
      int[] stack = new int[n * 2 + 2];
      for (int pos = 0; pos <= cps.length; pos++) {
        step(n);
        // Threads that consumed the previous character were closed at this position already.
        if (bestStart < 0) {
          curLen = closure(start, pos, pos, cur, curStart, curLen, minStart, stamp, where, stack);
        }
        if (curLen == 0) {
          if (bestStart >= 0) {
            break;
          }
          continue;
        }
        if (pos == cps.length) {
          break;
        }
        int nextLen = 0;
        for (int i = 0; i < curLen; i++) {
          int k = cur[i];
          int s = curStart[i];
          if (bestStart >= 0 && s > bestStart) {
            continue;
          }
          if (consumes(k, pos)) {
            nextLen =
                closure(next[k], pos + 1, s, nxt, nxtStart, nextLen, minStart, stamp, where, stack);
          }
        }
        int[] t = cur;
        cur = nxt;
        nxt = t;
        t = curStart;
        curStart = nxtStart;
        nxtStart = t;
        curLen = nextLen;
      }
      return bestStart < 0 ? null : new int[] {bestStart, bestEnd};
    }

    /**
     * Adds the consuming nodes {@code node} reaches at {@code pos} without consuming to the list,
     * each with the least start of the threads reaching it; records a match on reaching END.
     */
    private int closure(
        int node,
        int pos,
        int s,
        int[] out,
        int[] outStart,
        int len,
        int[] minStart,
        int[] stamp,
        int[] where,
        int[] stack) {
      int sp = 0;
      stack[sp++] = node;
      while (sp > 0) {
        int x = stack[--sp];
        if (stamp[x] == pos && minStart[x] <= s) {
          continue;
        }
        boolean fresh = stamp[x] != pos;
        stamp[x] = pos;
        minStart[x] = s;
        switch (kind[x]) {
          case END -> {
            if (bestStart < 0 || s < bestStart || (s == bestStart && pos > bestEnd)) {
              bestStart = s;
              bestEnd = pos;
            }
          }
          case ANCHOR -> {
            if (anchorHolds(value[x], pos)) {
              stack[sp++] = edests[x][0];
            }
          }
          case OPEN, CLOSE, ALT, STAR -> {
            for (int d : edests[x]) {
              stack[sp++] = d;
            }
          }
          default -> {
            if (fresh) {
              where[x] = len;
              out[len] = x;
              outStart[len++] = s;
            } else {
              outStart[where[x]] = s;
            }
          }
        }
      }
      return len;
    }

    // ---- registers without back-references: gnulib's sift, then its walk

    /**
     * gnulib ends the walk at one END node: the original if any path reaches it at the end without
     * passing an anchor since its last character (anchors lead to copies of the nodes after them,
     * numbered after every original), else a copy. So paths free of anchors at the end come first.
     */
    void registers(int s, int e, int[] so, int[] eo) throws LimitExceededException {
      if (!walk(s, e, so, eo, true)) {
        walk(s, e, so, eo, false);
      }
    }

    private boolean walk(int s, int e, int[] so, int[] eo, boolean strict)
        throws LimitExceededException {
      int n = kind.length;
      long bits = (long) (e - s + 1) * n;
      if (bits / 8 > 16 * maxVariableBytes) {
        throw new LimitExceededException(
            "maxVariableBytes",
            maxVariableBytes,
            "regexp would need "
                + bits / 8
                + " bytes (more than 16 times the limit) to find the groups"
                + " of a "
                + (e - s)
                + "-character match of a "
                + n
                + "-node pattern");
      }
      BitSet[] viable = new BitSet[e - s + 1];
      int[] work = new int[n];
      for (int pos = e; pos >= s; pos--) {
        step(n);
        BitSet v = new BitSet(n);
        int wl = 0;
        for (int k = 0; k < n; k++) {
          boolean ok =
              kind[k] == END
                  ? pos == e
                  : (kind[k] == CHAR || kind[k] == SET)
                      && pos < e
                      && consumes(k, pos)
                      && viable[pos + 1 - s].get(next[k]);
          if (ok) {
            v.set(k);
            work[wl++] = k;
          }
        }
        while (wl > 0) {
          int d = work[--wl];
          for (int p : preds[d]) {
            if (kind[p] == ANCHOR && strict && pos == e) {
              continue;
            }
            if (!v.get(p) && (kind[p] != ANCHOR || anchorHolds(value[p], pos))) {
              v.set(p);
              work[wl++] = p;
            }
          }
        }
        viable[pos - s] = v;
      }
      if (!viable[0].get(start)) {
        return false;
      }
      int[] prevSo = so.clone();
      int[] prevEo = eo.clone();
      BitSet eps = new BitSet(n);
      int node = start;
      int pos = s;
      long guard = (long) (e - s + 2) * (n + 2) * 2;
      for (long i = 0; ; i++) {
        if (i > guard || node < 0) {
          return true;
        }
        if ((i & 1023) == 0) {
          step(1024);
        }
        if (updateRegs(node, pos, so, eo, prevSo, prevEo)) {
          System.arraycopy(prevSo, 0, so, 0, so.length);
          System.arraycopy(prevEo, 0, eo, 0, eo.length);
        }
        if (pos == e && node == endNode) {
          return true;
        }
        if (epsilon(node)) {
          eps.set(node);
          int dest = -1;
          for (int cand : edests[node]) {
            if (!viable[pos - s].get(cand)) {
              continue;
            }
            if (dest == -1) {
              dest = cand;
            } else {
              if (eps.get(dest)) {
                dest = cand;
              }
              break;
            }
          }
          node = dest;
        } else {
          if (pos >= e) {
            return true;
          }
          node = next[node];
          pos++;
          eps.clear();
        }
      }
    }

    /**
     * update_regs: an open sets the group's start; a close its end, except that an empty pass
     * through an optional group that matched before restores the registers of that match. Returns
     * whether the registers must be restored from the saved copy.
     */
    private boolean updateRegs(int node, int pos, int[] so, int[] eo, int[] prevSo, int[] prevEo) {
      if (kind[node] == OPEN) {
        int r = value[node] + 1;
        so[r] = pos;
        eo[r] = -1;
      } else if (kind[node] == CLOSE) {
        int r = value[node] + 1;
        if (so[r] < pos) {
          eo[r] = pos;
          System.arraycopy(so, 0, prevSo, 0, so.length);
          System.arraycopy(eo, 0, prevEo, 0, eo.length);
        } else if (opt[node] && prevSo[r] != -1) {
          return true;
        } else {
          eo[r] = pos;
        }
      }
      return false;
    }

    // ---- with back-references: backtracking, in node order, charged step by step

    int[] locateBacktracking() throws LimitExceededException {
      for (int s = 0; s <= cps.length; s++) {
        int[] so = new int[groups + 1];
        int[] eo = new int[groups + 1];
        Arrays.fill(so, -1);
        Arrays.fill(eo, -1);
        int best = search(s, -1, so, eo, false);
        if (best >= 0) {
          return new int[] {s, best};
        }
      }
      return null;
    }

    void registersBacktracking(int s, int e, int[] so, int[] eo) throws LimitExceededException {
      int[] rs = so.clone();
      int[] re = eo.clone();
      if (search(s, e, rs, re, true) < 0) {
        rs = so.clone();
        re = eo.clone();
        search(s, e, rs, re, false);
      }
      System.arraycopy(rs, 0, so, 0, so.length);
      System.arraycopy(re, 0, eo, 0, eo.length);
    }

    /** A choice point: where to resume and the state to resume with. */
    private record Choice(
        int node,
        int pos,
        int[] so,
        int[] eo,
        int[] prevSo,
        int[] prevEo,
        BitSet eps,
        boolean anchored) {}

    /**
     * With {@code e >= 0}: the first path in node order that ends at {@code e} with every group
     * closed, its registers left in so/eo, and e returned (or -1). With {@code e < 0}: the longest
     * end any path from {@code s} reaches.
     */
    int search(int s, int e, int[] so, int[] eo, boolean strict) throws LimitExceededException {
      int best = -1;
      List<Choice> stack = new ArrayList<>();
      stack.add(
          new Choice(
              start, s, so.clone(), eo.clone(), so.clone(), eo.clone(), new BitSet(), false));
      while (!stack.isEmpty()) {
        Choice c = stack.remove(stack.size() - 1);
        int node = c.node;
        int pos = c.pos;
        int[] rs = c.so;
        int[] re = c.eo;
        int[] ps = c.prevSo;
        int[] pe = c.prevEo;
        BitSet eps = c.eps;
        boolean anchored = c.anchored;
        while (true) {
          step(1);
          if (epsilon(node) && eps.get(node)) {
            break;
          }
          if (updateRegs(node, pos, rs, re, ps, pe)) {
            rs = ps.clone();
            re = pe.clone();
          }
          if (node == endNode) {
            boolean open = false;
            for (int i = 0; i <= groups; i++) {
              if (rs[i] > -1 && re[i] == -1) {
                open = true;
              }
            }
            if (!open && !(strict && anchored)) {
              if (e < 0) {
                best = Math.max(best, pos);
              } else if (pos == e) {
                System.arraycopy(rs, 0, so, 0, so.length);
                System.arraycopy(re, 0, eo, 0, eo.length);
                return e;
              }
            }
            break;
          }
          if (epsilon(node)) {
            eps.set(node);
            if (kind[node] == ANCHOR) {
              if (!anchorHolds(value[node], pos)) {
                break;
              }
              anchored = true;
            }
            int[] d = edests[node];
            if (d.length == 2) {
              stack.add(
                  new Choice(
                      d[1],
                      pos,
                      rs.clone(),
                      re.clone(),
                      ps.clone(),
                      pe.clone(),
                      (BitSet) eps.clone(),
                      anchored));
            }
            node = d[0];
          } else if (kind[node] == BACKREF) {
            int r = value[node] + 1;
            if (rs[r] < 0 || re[r] < 0) {
              break;
            }
            int len = re[r] - rs[r];
            if (pos + len > cps.length || (e >= 0 && pos + len > e)) {
              break;
            }
            boolean same = true;
            for (int i = 0; i < len && same; i++) {
              same = cps[rs[r] + i] == cps[pos + i];
            }
            step(len);
            if (!same) {
              break;
            }
            if (len > 0) {
              eps.clear();
              anchored = false;
            } else {
              eps.set(node);
            }
            pos += len;
            node = next[node];
          } else {
            if ((e >= 0 && pos >= e) || !consumes(node, pos)) {
              break;
            }
            pos++;
            node = next[node];
            eps.clear();
            anchored = false;
          }
        }
      }
      return best;
    }
  }
}
