/* diff-match-patch's diff_cleanupMerge and diff_cleanupSemantic in C: the same resulting list as
 * the Python port's methods (the package diff_match_patch), element for element. Only
 * ordiff/diff_cleanup.py loads this module (and says why it exists).
 *
 * Exactness, not approximation, is the contract: the word diff must not change by a token
 * whichever version runs. So this is a line-by-line port of the Python methods, on an array of
 * (op, text) entries instead of a list of tuples, with the same loops, the same pointer moves and
 * the same order of merges; only the string helpers are written another way with the same
 * answers: the common prefix and suffix are scanned (the port bisects: the same lengths), the
 * longest suffix of one text that begins the other is found with a KMP automaton (the port's
 * find loop finds the same longest one), and the lossless pass slides its edit over the one
 * string equality1 + edit + equality2 (which every step of the port leaves unchanged) by index.
 * Character classes are Python's: str.isalnum is Py_UNICODE_ISALNUM, str.isspace
 * Py_UNICODE_ISSPACE; the port's blank-line regular expressions are spelled out (re's "$"
 * matches at the end and before a newline that ends the string).
 *
 * Items must be tuples or lists of two, an int op of -1, 0 or 1 and a str (else TypeError, the
 * list untouched). The list is rewritten once, at the end: an entry the port would not have
 * replaced keeps its original item object; a replaced one is a new tuple (as the port stores).
 * Strings made here are made by CPython's own slicing and concatenation, so they have the kind a
 * Python str of those characters has.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

enum { DELETE = -1, EQUAL = 0, INSERT = 1 };

typedef struct {
    int op;
    PyObject *text;         /* strong */
    PyObject *item;         /* strong: the list's original item while untouched, else NULL */
} Entry;

typedef struct {
    Entry *at;
    Py_ssize_t size, capacity;
} Diffs;

/* ---- the array ------------------------------------------------------------------------- */

static void release(Diffs *d)
{
    for (Py_ssize_t i = 0; i < d->size; i++) {
        Py_DECREF(d->at[i].text);
        Py_XDECREF(d->at[i].item);
    }
    PyMem_Free(d->at);
    d->at = NULL;
    d->size = d->capacity = 0;
}

static int reserve(Diffs *d, Py_ssize_t more)
{
    if (d->size + more <= d->capacity)
        return 0;
    Py_ssize_t capacity = d->capacity * 2 + more + 8;
    if ((size_t)capacity > PY_SSIZE_T_MAX / sizeof(Entry)) {
        PyErr_NoMemory();
        return -1;
    }
    Entry *at = PyMem_Realloc(d->at, (size_t)capacity * sizeof(Entry));
    if (!at) {
        PyErr_NoMemory();
        return -1;
    }
    d->at = at;
    d->capacity = capacity;
    return 0;
}

/* Inserts (op, text) at i, stealing text (released on failure too). */
static int insert(Diffs *d, Py_ssize_t i, int op, PyObject *text)
{
    if (!text)
        return -1;
    if (reserve(d, 1) < 0) {
        Py_DECREF(text);
        return -1;
    }
    memmove(d->at + i + 1, d->at + i, (size_t)(d->size - i) * sizeof(Entry));
    d->at[i] = (Entry){op, text, NULL};
    d->size++;
    return 0;
}

static void delete(Diffs *d, Py_ssize_t i, Py_ssize_t n)
{
    for (Py_ssize_t k = i; k < i + n; k++) {
        Py_DECREF(d->at[k].text);
        Py_XDECREF(d->at[k].item);
    }
    memmove(d->at + i, d->at + i + n, (size_t)(d->size - i - n) * sizeof(Entry));
    d->size -= n;
}

/* diffs[i] = (op, text), stealing text (released on failure too). */
static int set(Diffs *d, Py_ssize_t i, int op, PyObject *text)
{
    if (!text)
        return -1;
    Entry *e = &d->at[i];
    Py_SETREF(e->text, text);
    Py_CLEAR(e->item);
    e->op = op;
    return 0;
}

/* ---- strings --------------------------------------------------------------------------- */

#define LEN PyUnicode_GET_LENGTH
#define CHAR(s, i) PyUnicode_READ_CHAR((s), (i))

static PyObject *slice(PyObject *s, Py_ssize_t start, Py_ssize_t end)
{
    return PyUnicode_Substring(s, start, end);
}

/* a + b, a new reference (NULL on failure). */
static PyObject *concat(PyObject *a, PyObject *b) { return PyUnicode_Concat(a, b); }

/* a + b, stealing either or both (steal: 1 a, 2 b); NULL in, NULL out. */
static PyObject *concat_steal(PyObject *a, PyObject *b, int steal)
{
    PyObject *joined = a && b ? PyUnicode_Concat(a, b) : NULL;
    if (steal & 1)
        Py_XDECREF(a);
    if (steal & 2)
        Py_XDECREF(b);
    return joined;
}

static Py_ssize_t common_prefix(PyObject *a, PyObject *b)
{
    Py_ssize_t n = Py_MIN(LEN(a), LEN(b)), i = 0;
    int ka = PyUnicode_KIND(a), kb = PyUnicode_KIND(b);
    const void *da = PyUnicode_DATA(a), *db = PyUnicode_DATA(b);
    while (i < n && PyUnicode_READ(ka, da, i) == PyUnicode_READ(kb, db, i))
        i++;
    return i;
}

static Py_ssize_t common_suffix(PyObject *a, PyObject *b)
{
    Py_ssize_t la = LEN(a), lb = LEN(b), n = Py_MIN(la, lb), i = 0;
    int ka = PyUnicode_KIND(a), kb = PyUnicode_KIND(b);
    const void *da = PyUnicode_DATA(a), *db = PyUnicode_DATA(b);
    while (i < n && PyUnicode_READ(ka, da, la - 1 - i) == PyUnicode_READ(kb, db, lb - 1 - i))
        i++;
    return i;
}

/* The length of the longest suffix of a that is a prefix of b (diff_commonOverlap): b's first
 * min(len) characters as a KMP pattern run over a's last ones. -1 on failure. */
static Py_ssize_t common_overlap(PyObject *a, PyObject *b)
{
    Py_ssize_t la = LEN(a), lb = LEN(b), m = Py_MIN(la, lb);
    if (!m)
        return 0;
    int ka = PyUnicode_KIND(a), kb = PyUnicode_KIND(b);
    const void *da = PyUnicode_DATA(a), *db = PyUnicode_DATA(b);
    Py_ssize_t *fail = PyMem_New(Py_ssize_t, m);
    if (!fail) {
        PyErr_NoMemory();
        return -1;
    }
    fail[0] = 0;
    for (Py_ssize_t i = 1, k = 0; i < m; i++) {
        Py_UCS4 ch = PyUnicode_READ(kb, db, i);
        while (k && PyUnicode_READ(kb, db, k) != ch)
            k = fail[k - 1];
        if (PyUnicode_READ(kb, db, k) == ch)
            k++;
        fail[i] = k;
    }
    Py_ssize_t k = 0;
    for (Py_ssize_t i = la - m; i < la; i++) {
        Py_UCS4 ch = PyUnicode_READ(ka, da, i);
        if (k == m)
            k = fail[k - 1];
        while (k && PyUnicode_READ(kb, db, k) != ch)
            k = fail[k - 1];
        if (PyUnicode_READ(kb, db, k) == ch)
            k++;
    }
    PyMem_Free(fail);
    return k;
}

/* ---- diff_cleanupMerge ----------------------------------------------------------------- */

/* The texts of entries [from, to) joined (a new reference). */
static PyObject *joined(Diffs *d, Py_ssize_t from, Py_ssize_t to, int op)
{
    PyObject *text = PyUnicode_New(0, 0);
    for (Py_ssize_t i = from; text && i < to; i++)
        if (d->at[i].op == op)
            text = concat_steal(text, d->at[i].text, 1);
    return text;
}

/* The port's first pass, from its dummy entry to its removal. */
static int merge_runs(Diffs *d)
{
    if (insert(d, d->size, EQUAL, PyUnicode_New(0, 0)) < 0)
        return -1;
    Py_ssize_t pointer = 0, count_delete = 0, count_insert = 0;
    while (pointer < d->size) {
        int op = d->at[pointer].op;
        if (op == INSERT) {
            count_insert++;
            pointer++;
            continue;
        }
        if (op == DELETE) {
            count_delete++;
            pointer++;
            continue;
        }
        Py_ssize_t count = count_delete + count_insert;
        if (count > 1) {
            PyObject *text_delete = joined(d, pointer - count, pointer, DELETE);
            PyObject *text_insert = joined(d, pointer - count, pointer, INSERT);
            if (!text_delete || !text_insert)
                goto fail;
            if (count_delete && count_insert) {
                Py_ssize_t common = common_prefix(text_insert, text_delete);
                if (common) {
                    Py_ssize_t x = pointer - count - 1;
                    PyObject *head = slice(text_insert, 0, common);
                    if (x >= 0 && d->at[x].op == EQUAL) {
                        if (set(d, x, EQUAL, concat_steal(d->at[x].text, head, 2)) < 0)
                            goto fail;
                    } else {
                        if (insert(d, 0, EQUAL, head) < 0)
                            goto fail;
                        pointer++;
                    }
                    Py_SETREF(text_insert, slice(text_insert, common, LEN(text_insert)));
                    if (!text_insert)
                        goto fail;
                    Py_SETREF(text_delete, slice(text_delete, common, LEN(text_delete)));
                    if (!text_delete)
                        goto fail;
                }
                common = common_suffix(text_insert, text_delete);
                if (common) {
                    Py_ssize_t li = LEN(text_insert), ld = LEN(text_delete);
                    PyObject *tail = slice(text_insert, li - common, li);
                    if (set(d, pointer, d->at[pointer].op,
                            concat_steal(tail, d->at[pointer].text, 1)) < 0)
                        goto fail;
                    Py_SETREF(text_insert, slice(text_insert, 0, li - common));
                    if (!text_insert)
                        goto fail;
                    Py_SETREF(text_delete, slice(text_delete, 0, ld - common));
                    if (!text_delete)
                        goto fail;
                }
            }
            Py_ssize_t new_ops = (LEN(text_delete) != 0) + (LEN(text_insert) != 0);
            if (reserve(d, new_ops) < 0)
                goto fail;
            pointer -= count;
            delete(d, pointer, count);
            Py_ssize_t at = pointer;
            if (LEN(text_delete)) {
                insert(d, at++, DELETE, text_delete);   /* reserved: cannot fail */
                text_delete = NULL;
            }
            if (LEN(text_insert)) {
                insert(d, at, INSERT, text_insert);
                text_insert = NULL;
            }
            Py_XDECREF(text_delete);
            Py_XDECREF(text_insert);
            pointer += new_ops + 1;
            goto next;
          fail:
            Py_XDECREF(text_delete);
            Py_XDECREF(text_insert);
            return -1;
        } else if (pointer != 0 && d->at[pointer - 1].op == EQUAL) {
            if (set(d, pointer - 1, EQUAL,
                    concat(d->at[pointer - 1].text, d->at[pointer].text)) < 0)
                return -1;
            delete(d, pointer, 1);
        } else
            pointer++;
      next:
        count_insert = count_delete = 0;
    }
    if (LEN(d->at[d->size - 1].text) == 0)
        delete(d, d->size - 1, 1);
    return 0;
}

/* The port's second pass: single edits shifted over a neighbouring equality. 1 if it shifted
 * any, 0 if none, -1 on failure. */
static int shift_edits(Diffs *d)
{
    int changes = 0;
    for (Py_ssize_t pointer = 1; pointer < d->size - 1; pointer++) {
        Entry *e = d->at + pointer;
        if (e[-1].op != EQUAL || e[1].op != EQUAL)
            continue;
        PyObject *edit = e->text, *before = e[-1].text, *after = e[1].text;
        Py_ssize_t le = LEN(edit), lb = LEN(before), la = LEN(after);
        if (lb <= le && common_suffix(edit, before) == lb) {
            if (lb) {
                PyObject *shifted = concat_steal(before, slice(edit, 0, le - lb), 2);
                if (set(d, pointer, e->op, shifted) < 0
                    || set(d, pointer + 1, EQUAL, concat(before, after)) < 0)
                    return -1;
            }
            delete(d, pointer - 1, 1);
            changes = 1;
        } else if (la <= le && common_prefix(edit, after) == la) {
            if (set(d, pointer - 1, EQUAL, concat(before, after)) < 0
                || set(d, pointer, e->op, concat_steal(slice(edit, la, le), after, 1)) < 0)
                return -1;
            delete(d, pointer + 1, 1);
            changes = 1;
        }
    }
    return changes;
}

static int cleanup_merge_diffs(Diffs *d)
{
    for (;;) {
        if (merge_runs(d) < 0)
            return -1;
        int changes = shift_edits(d);
        if (changes <= 0)
            return changes;
    }
}

/* ---- diff_cleanupSemanticLossless ------------------------------------------------------ */

/* The one string equality1 + edit + equality2, read by index. */
typedef struct {
    PyObject *part[3];
    Py_ssize_t end[3];      /* where each part ends in the whole */
} Joined;

static Py_UCS4 at(const Joined *w, Py_ssize_t i)
{
    int k = i < w->end[0] ? 0 : i < w->end[1] ? 1 : 2;
    return CHAR(w->part[k], i - (k ? w->end[k - 1] : 0));
}

/* whole[start:end] as a new str. */
static PyObject *piece(const Joined *w, Py_ssize_t start, Py_ssize_t end)
{
    PyObject *text = PyUnicode_New(0, 0);
    for (int k = 0; text && k < 3; k++) {
        Py_ssize_t from = k ? w->end[k - 1] : 0;
        Py_ssize_t lo = Py_MAX(start, from), hi = Py_MIN(end, w->end[k]);
        if (lo < hi)
            text = concat_steal(text, slice(w->part[k], lo - from, hi - from), 3);
    }
    return text;
}

/* Whether s[start:end] ends in a blank line: re.search(r"\n\r?\n$", s[start:end]). */
static int blank_line_end(const Joined *w, Py_ssize_t start, Py_ssize_t end)
{
    for (int trailing = 0; trailing < 2; trailing++) {   /* "$": at the end, or before a last \n */
        Py_ssize_t e = end - trailing;
        if (trailing && (end - 1 < start || at(w, end - 1) != '\n'))
            break;
        if (e - 2 >= start && at(w, e - 1) == '\n' && at(w, e - 2) == '\n')
            return 1;
        if (e - 3 >= start && at(w, e - 1) == '\n' && at(w, e - 2) == '\r'
            && at(w, e - 3) == '\n')
            return 1;
    }
    return 0;
}

/* Whether s[start:end] begins with a blank line: re.match(r"^\r?\n\r?\n", s[start:end]). */
static int blank_line_start(const Joined *w, Py_ssize_t start, Py_ssize_t end)
{
    Py_ssize_t i = start;
    for (int line = 0; line < 2; line++) {
        if (i < end && at(w, i) == '\r')
            i++;
        if (i >= end || at(w, i) != '\n')
            return 0;
        i++;
    }
    return 1;
}

/* diff_cleanupSemanticScore(whole[s1:e1], whole[s2:e2]). */
static int score(const Joined *w, Py_ssize_t s1, Py_ssize_t e1, Py_ssize_t s2, Py_ssize_t e2)
{
    if (s1 >= e1 || s2 >= e2)
        return 6;
    Py_UCS4 char1 = at(w, e1 - 1), char2 = at(w, s2);
    int non_alnum1 = !Py_UNICODE_ISALNUM(char1), non_alnum2 = !Py_UNICODE_ISALNUM(char2);
    int space1 = non_alnum1 && Py_UNICODE_ISSPACE(char1);
    int space2 = non_alnum2 && Py_UNICODE_ISSPACE(char2);
    int break1 = space1 && (char1 == '\r' || char1 == '\n');
    int break2 = space2 && (char2 == '\r' || char2 == '\n');
    if ((break1 && blank_line_end(w, s1, e1)) || (break2 && blank_line_start(w, s2, e2)))
        return 5;
    if (break1 || break2)
        return 4;
    if (non_alnum1 && !space1 && space2)
        return 3;
    if (space1 || space2)
        return 2;
    if (non_alnum1 || non_alnum2)
        return 1;
    return 0;
}

static int cleanup_lossless(Diffs *d)
{
    for (Py_ssize_t pointer = 1; pointer < d->size - 1; pointer++) {
        Entry *e = d->at + pointer;
        if (e[-1].op != EQUAL || e[1].op != EQUAL)
            continue;
        Joined w = {{e[-1].text, e->text, e[1].text}, {0, 0, 0}};
        Py_ssize_t length1 = LEN(w.part[0]), edit = LEN(w.part[1]);
        w.end[0] = length1;
        w.end[1] = length1 + edit;
        w.end[2] = w.end[1] + LEN(w.part[2]);
        Py_ssize_t n = w.end[2];
        /* equality1 = whole[:p], edit = whole[p:p + edit], equality2 = whole[p + edit:] */
        Py_ssize_t p = length1 - common_suffix(w.part[0], w.part[1]);
        Py_ssize_t best = p;
        int best_score = score(&w, 0, p, p, p + edit) + score(&w, p, p + edit, p + edit, n);
        while (edit && p + edit < n && at(&w, p) == at(&w, p + edit)) {
            p++;
            int s = score(&w, 0, p, p, p + edit) + score(&w, p, p + edit, p + edit, n);
            if (s >= best_score) {
                best_score = s;
                best = p;
            }
        }
        if (best == length1)
            continue;   /* equality1 unchanged (it is whole[:length1]) */
        PyObject *equality1 = piece(&w, 0, best);
        PyObject *best_edit = piece(&w, best, best + edit);
        PyObject *equality2 = piece(&w, best + edit, n);
        if (!equality1 || !best_edit || !equality2) {
            Py_XDECREF(equality1);
            Py_XDECREF(best_edit);
            Py_XDECREF(equality2);
            return -1;
        }
        if (best) {
            set(d, pointer - 1, d->at[pointer - 1].op, equality1);
        } else {
            Py_DECREF(equality1);
            delete(d, pointer - 1, 1);
            pointer--;
        }
        set(d, pointer, d->at[pointer].op, best_edit);
        if (best + edit < n) {
            set(d, pointer + 1, d->at[pointer + 1].op, equality2);
        } else {
            Py_DECREF(equality2);
            delete(d, pointer + 1, 1);
            pointer--;
        }
    }
    return 0;
}

/* ---- diff_cleanupSemantic -------------------------------------------------------------- */

static int eliminate_equalities(Diffs *d, int *changes)
{
    Py_ssize_t *equalities = NULL, count = 0, capacity = 0;
    Py_ssize_t last = -1;   /* len(lastEquality), -1 for None */
    Py_ssize_t insertions1 = 0, deletions1 = 0, insertions2 = 0, deletions2 = 0;
    for (Py_ssize_t pointer = 0; pointer < d->size; pointer++) {
        Entry *e = d->at + pointer;
        if (e->op == EQUAL) {
            if (count == capacity) {
                capacity = capacity * 2 + 16;
                Py_ssize_t *grown = PyMem_New(Py_ssize_t, capacity);
                if (!grown) {
                    PyMem_Free(equalities);
                    PyErr_NoMemory();
                    return -1;
                }
                if (count)
                    memcpy(grown, equalities, (size_t)count * sizeof(Py_ssize_t));
                PyMem_Free(equalities);
                equalities = grown;
            }
            equalities[count++] = pointer;
            insertions1 = insertions2;
            deletions1 = deletions2;
            insertions2 = deletions2 = 0;
            last = LEN(e->text);
            continue;
        }
        if (e->op == INSERT)
            insertions2 += LEN(e->text);
        else
            deletions2 += LEN(e->text);
        if (last > 0 && last <= Py_MAX(insertions1, deletions1)
            && last <= Py_MAX(insertions2, deletions2)) {
            Py_ssize_t q = equalities[count - 1];
            PyObject *text = d->at[q].text;
            Py_INCREF(text);
            if (insert(d, q, DELETE, text) < 0) {
                PyMem_Free(equalities);
                return -1;
            }
            Py_INCREF(d->at[q + 1].text);
            set(d, q + 1, INSERT, d->at[q + 1].text);
            count--;
            if (count)
                count--;
            pointer = count ? equalities[count - 1] : -1;
            insertions1 = deletions1 = insertions2 = deletions2 = 0;
            last = -1;
            *changes = 1;
        }
    }
    PyMem_Free(equalities);
    return 0;
}

/* The edits at pointer - 1 and pointer, whose texts head and tail overlap by overlap characters
 * (head ends as tail begins), become (head_op, head's rest), (EQUAL, the overlap),
 * (tail_op, tail's rest). -1 on failure. */
static int split_overlap(Diffs *d, Py_ssize_t pointer, int head_op, PyObject *head, int tail_op,
                         PyObject *tail, Py_ssize_t overlap)
{
    Py_INCREF(head);
    Py_INCREF(tail);
    int failed = insert(d, pointer, EQUAL, slice(tail, 0, overlap)) < 0
        || set(d, pointer - 1, head_op, slice(head, 0, LEN(head) - overlap)) < 0
        || set(d, pointer + 1, tail_op, slice(tail, overlap, LEN(tail))) < 0;
    Py_DECREF(head);
    Py_DECREF(tail);
    return failed ? -1 : 0;
}

static int extract_overlaps(Diffs *d)
{
    for (Py_ssize_t pointer = 1; pointer < d->size; pointer++) {
        if (d->at[pointer - 1].op != DELETE || d->at[pointer].op != INSERT)
            continue;
        PyObject *deletion = d->at[pointer - 1].text, *insertion = d->at[pointer].text;
        Py_ssize_t ld = LEN(deletion), li = LEN(insertion);
        Py_ssize_t overlap1 = common_overlap(deletion, insertion);
        Py_ssize_t overlap2 = overlap1 < 0 ? -1 : common_overlap(insertion, deletion);
        if (overlap2 < 0)
            return -1;
        /* overlap >= len / 2.0 is 2 * overlap >= len for lengths below 2**52 */
        Py_ssize_t overlap = Py_MAX(overlap1, overlap2);
        if (2 * overlap >= ld || 2 * overlap >= li) {
            int failed = overlap1 >= overlap2
                ? split_overlap(d, pointer, DELETE, deletion, INSERT, insertion, overlap)
                : split_overlap(d, pointer, INSERT, insertion, DELETE, deletion, overlap);
            if (failed)
                return -1;
            pointer++;
        }
        pointer++;
    }
    return 0;
}

static int cleanup_semantic_diffs(Diffs *d)
{
    int changes = 0;
    if (eliminate_equalities(d, &changes) < 0)
        return -1;
    if (changes && cleanup_merge_diffs(d) < 0)
        return -1;
    if (cleanup_lossless(d) < 0)
        return -1;
    return extract_overlaps(d);
}

/* ---- the list -------------------------------------------------------------------------- */

static int read_list(PyObject *list, Diffs *d)
{
    if (!PyList_Check(list)) {
        PyErr_Format(PyExc_TypeError, "diffs must be a list, not %.100s",
                     Py_TYPE(list)->tp_name);
        return -1;
    }
    Py_ssize_t n = PyList_GET_SIZE(list);
    if (reserve(d, n + 2) < 0)
        return -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PyList_GET_ITEM(list, i), *op, *text;
        if (PyTuple_CheckExact(item) && PyTuple_GET_SIZE(item) == 2) {
            op = PyTuple_GET_ITEM(item, 0);
            text = PyTuple_GET_ITEM(item, 1);
        } else if (PyList_CheckExact(item) && PyList_GET_SIZE(item) == 2) {
            op = PyList_GET_ITEM(item, 0);
            text = PyList_GET_ITEM(item, 1);
        } else {
            PyErr_SetString(PyExc_TypeError, "a diff must be a tuple or list (op, text)");
            return -1;
        }
        int overflow = 0;
        long value = PyLong_CheckExact(op) ? PyLong_AsLongAndOverflow(op, &overflow) : 2;
        if (overflow || value < -1 || value > 1 || !PyUnicode_CheckExact(text)) {
            PyErr_SetString(PyExc_TypeError, "a diff must be (-1, 0 or 1, a str)");
            return -1;
        }
        Py_INCREF(text);
        Py_INCREF(item);
        d->at[d->size++] = (Entry){(int)value, text, item};
    }
    return 0;
}

/* Replaces the list's items by the entries; keeps it as it was if any allocation fails. */
static int write_list(PyObject *list, Diffs *d)
{
    Py_ssize_t n = PyList_GET_SIZE(list);
    int same = n == d->size;
    for (Py_ssize_t i = 0; same && i < n; i++)
        same = d->at[i].item == PyList_GET_ITEM(list, i);
    if (same)
        return 0;
    PyObject *items = PyList_New(d->size);
    if (!items)
        return -1;
    for (Py_ssize_t i = 0; i < d->size; i++) {
        Entry *e = d->at + i;
        PyObject *item = e->item;
        if (item)
            Py_INCREF(item);
        else {
            PyObject *op = PyLong_FromLong(e->op);   /* a small int: cached, shared */
            item = op ? PyTuple_Pack(2, op, e->text) : NULL;
            Py_XDECREF(op);
            if (!item) {
                Py_DECREF(items);
                return -1;
            }
        }
        PyList_SET_ITEM(items, i, item);
    }
    int result = PyList_SetSlice(list, 0, n, items);
    Py_DECREF(items);
    return result;
}

typedef int (*Cleanup)(Diffs *);

static PyObject *run(PyObject *list, Cleanup cleanup)
{
    Diffs d = {NULL, 0, 0};
    int failed = read_list(list, &d) < 0 || cleanup(&d) < 0
                 || write_list(list, &d) < 0;
    release(&d);
    if (failed)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *cleanup_merge(PyObject *module, PyObject *list)
{
    (void)module;
    return run(list, cleanup_merge_diffs);
}

static PyObject *cleanup_semantic(PyObject *module, PyObject *list)
{
    (void)module;
    return run(list, cleanup_semantic_diffs);
}

/* ---- the module ------------------------------------------------------------------------ */

static PyMethodDef methods[] = {
    {"cleanup_merge", cleanup_merge, METH_O,
     "diff_match_patch().diff_cleanupMerge(diffs): the list modified in place."},
    {"cleanup_semantic", cleanup_semantic, METH_O,
     "diff_match_patch().diff_cleanupSemantic(diffs): the list modified in place."},
    {NULL, NULL, 0, NULL}};

static PyModuleDef_Slot slots[] = {{0, NULL}};   /* multi-phase init, no state */

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "ordiff._cleanup",
    "diff-match-patch's merge and semantic cleanups in C (see ordiff/diff_cleanup.py).",
    0, methods, slots, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__cleanup(void) { return PyModuleDef_Init(&module_def); }
