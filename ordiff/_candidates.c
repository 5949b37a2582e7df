/* align_search.candidates' index of words (postings) and the candidate filter of
 * align_search.scored (bounded) in C: the same results as the pure-Python versions in
 * ordiff/wordsets.py, which loads this module (and says what each does).
 *
 * Exactness is the contract (see _accel.h): the Dice bound is computed operation by operation
 * as Python computes it, and a shortcut is taken only where it cannot change an answer:
 * bounded() counts common words only as far as its yes or no needs (see bound_passes()).
 */
#include "_accel.h"

/* ---- the candidate filter of align_search.scored ---------------------------------------- */

typedef struct {
    PyObject *new_size, *new_rank, *new_words, *words;
    long long size, rank;
    Py_ssize_t distinct;
    double least, threshold;
} Filter;

/* rank != new_rank[n], as Python compares them: 1, 0, or -1 on error. */
static int other_rank(const Filter *f, PyObject *theirs, PyObject *rank)
{
    if (PyLong_CheckExact(theirs)) {
        int overflow;
        long long value = PyLong_AsLongLongAndOverflow(theirs, &overflow);
        return overflow || value != f->rank;
    }
    return PyObject_RichCompareBool(rank, theirs, Py_NE);
}

/* The Dice bound of two word multisets of these sizes and distinct words sharing `common`
 * distinct words: align_side.dice_bound's expression, operation by operation. */
static double dice_bound(long long size, long long other, Py_ssize_t mine, Py_ssize_t yours,
                         Py_ssize_t common)
{
    long long a = size - mine + common, b = other - yours + common;
    return 2.0 * (double)(b < a ? b : a) / (double)(size + other);
}

/* How many keys a and b share, counted only as far as `need` (-1: all of them): the smaller is
 * walked and the walk stops as soon as `need` are found or too few keys are left to find them
 * (most candidates fail after a few misses). -1 on error. */
static Py_ssize_t keys_shared(PyObject *a, PyObject *b, Py_ssize_t need)
{
    PyObject *walked = PyDict_GET_SIZE(a) <= PyDict_GET_SIZE(b) ? a : b;
    PyObject *other = walked == a ? b : a, *key, *value;
    Py_ssize_t pos = 0, found = 0;
    Py_ssize_t spare = need < 0 ? PY_SSIZE_T_MAX : PyDict_GET_SIZE(walked) - need;  /* misses */
    if (need < 0) need = PY_SSIZE_T_MAX;
    while (found < need && spare >= 0 && PyDict_Next(walked, &pos, &key, &value)) {
        Py_INCREF(key);  /* a key's __eq__ may change the walked dict */
        int in = PyDict_Contains(other, key);
        Py_DECREF(key);
        if (in < 0) return -1;
        if (in) found++;
        else spare--;
    }
    return found;
}

/* Whether a pair of these sizes (both non-zero) passes the Dice bound: 1, 0, or -1 on error.
 * Python counts all common words and compares the bound; the bound only grows with them (when
 * size + other > 0: a min of two ints each rising with them, doubled and divided by a positive
 * double, each step rounded monotonically), so the fewest that pass are found by bisection on
 * the very expression, and then counted only as far as needed: the same answer. */
static int bound_passes(const Filter *f, PyObject *their_words, long long size, long long other)
{
    if (!is_dict(their_words, "new_words[n]")) return -1;
    if (size + other == 0) {  /* only negative sizes get here: as Python, no inf or nan */
        PyErr_SetString(PyExc_ZeroDivisionError, "float division by zero");
        return -1;
    }
    Py_ssize_t yours = PyDict_GET_SIZE(their_words);
    Py_INCREF(their_words);  /* a key's __eq__ may change the list */
    int pass;
    if (size + other < 0) {  /* negative sizes: no monotony, every common word counted */
        Py_ssize_t common = keys_shared(f->words, their_words, -1);
        pass = common < 0 ? -1
               : !(dice_bound(size, other, f->distinct, yours, common) < f->threshold);
    } else {
        Py_ssize_t most = f->distinct < yours ? f->distinct : yours, low = 0, high = most + 1;
        while (low < high) {  /* the fewest common words that pass, or most + 1: none do */
            Py_ssize_t middle = low + (high - low) / 2;
            if (dice_bound(size, other, f->distinct, yours, middle) < f->threshold)
                low = middle + 1;
            else
                high = middle;
        }
        Py_ssize_t found = low > most ? 0 : keys_shared(f->words, their_words, low);
        pass = found < 0 ? -1 : low <= most && found >= low;
    }
    Py_DECREF(their_words);
    return pass;
}

/* Whether candidate n passes the rank, size and Dice-bound filters: 1, 0, or -1 on error. */
static int passes(const Filter *f, Py_ssize_t n, PyObject *rank)
{
    PyObject *theirs = item(f->new_rank, n);
    if (!theirs) return -1;
    Py_INCREF(theirs);  /* __ne__ of an int subclass may change the list */
    int differs = other_rank(f, theirs, rank);
    Py_DECREF(theirs);
    if (differs) return differs < 0 ? -1 : 0;
    long long other, size = f->size;
    if (!(theirs = item(f->new_size, n)) || !word_count(theirs, "new_size[n]", &other))
        return -1;
    if (other < size ? (double)other < f->least * (double)size
                     : (double)size < f->least * (double)other)
        return 0;  /* min(size, other) < least * max(size, other) */
    PyObject *their_words = item(f->new_words, n);
    if (!their_words) return -1;
    if (!size || !other)  /* what dice() gives an empty side */
        return !((!size && !other ? 1.0 : 0.0) < f->threshold);
    return bound_passes(f, their_words, size, other);
}

/* bounded(candidates, new_size, new_rank, new_words, words, size, rank, least, threshold):
 * the candidates, in their order, that scored() would go on to score. */
static PyObject *bounded(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    Filter f;
    if (!arity("bounded", nargs, 9) || !is_list(args[1], "new_size")
            || !is_list(args[2], "new_rank") || !is_list(args[3], "new_words")
            || !is_dict(args[4], "words") || !word_count(args[5], "size", &f.size)
            || !as_double(args[7], &f.least) || !as_double(args[8], &f.threshold))
        return NULL;
    if (!PyLong_Check(args[6]))
        return PyErr_Format(PyExc_TypeError, "rank must be an int, not %.200s",
                            Py_TYPE(args[6])->tp_name);
    int overflow;
    f.rank = PyLong_AsLongLongAndOverflow(args[6], &overflow);
    if (overflow)
        return PyErr_Format(PyExc_OverflowError, "rank beyond a long long");
    if (f.rank == -1 && PyErr_Occurred()) return NULL;
    f.new_size = args[1], f.new_rank = args[2], f.new_words = args[3], f.words = args[4];
    f.distinct = PyDict_GET_SIZE(f.words);
    PyObject *kept = PyList_New(0), *each = PyObject_GetIter(args[0]), *n;
    if (!kept || !each) goto error;
    while ((n = PyIter_Next(each))) {
        Py_ssize_t at;
        int pass = index_of(n, &at) ? passes(&f, at, args[6]) : -1;
        if (pass > 0) pass = PyList_Append(kept, n) < 0 ? -1 : 1;
        Py_DECREF(n);
        if (pass < 0) goto error;
    }
    if (PyErr_Occurred()) goto error;
    Py_DECREF(each);
    return kept;
error:
    Py_XDECREF(each);
    Py_XDECREF(kept);
    return NULL;
}

/* ---- the postings of align_search.candidates and the pieces of align_split.splits ----- */

/* found.setdefault(word, []).append(n) for each word of words[n], in its order: 0, or -1. */
static int add_postings(PyObject *found, PyObject *words, PyObject *n)
{
    Py_ssize_t at, pos = 0;
    PyObject *bag, *key, *value;
    if (!index_of(n, &at) || !(bag = item(words, at)) || !is_dict(bag, "words[n]")) return -1;
    Py_INCREF(bag);  /* a key's __eq__ may change the list */
    int failed = 0;
    while (!failed && PyDict_Next(bag, &pos, &key, &value)) {
        Py_INCREF(key);  /* ... or the walked dict */
        PyObject *ns = PyDict_GetItemWithError(found, key);
        if (ns) {
            failed = PyList_Append(ns, n) < 0;
        } else if (PyErr_Occurred() || !(ns = PyList_New(1))) {
            failed = 1;
        } else {
            PyList_SET_ITEM(ns, 0, Py_NewRef(n));
            failed = PyDict_SetItem(found, key, ns) < 0;
            Py_DECREF(ns);
        }
        Py_DECREF(key);
    }
    Py_DECREF(bag);
    return failed ? -1 : 0;
}

/* postings(indices, words): each word of the words[n] of n in indices, in first-seen order,
 * with the ns it is in, in order: align_search.candidates' postings. */
static PyObject *postings(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (!arity("postings", nargs, 2) || !is_list(args[0], "indices")
            || !is_list(args[1], "words"))
        return NULL;
    PyObject *found = PyDict_New();
    if (!found) return NULL;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(args[0]); i++) {
        PyObject *n = Py_NewRef(PyList_GET_ITEM(args[0], i));
        int failed = add_postings(found, args[1], n) < 0;
        Py_DECREF(n);
        if (failed) {
            Py_DECREF(found);
            return NULL;
        }
    }
    return found;
}


/* ---- the module ------------------------------------------------------------------------- */

static PyMethodDef methods[] = {
    {"bounded", FASTCALL(bounded), METH_FASTCALL,
     "The candidates passing the rank, size and Dice-bound filters, in order."},
    {"postings", FASTCALL(postings), METH_FASTCALL,
     "Each word of words[n] for n in indices, first-seen first, with the ns it is in."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "ordiff._candidates", "The aligner's candidate index and filter in C (see ordiff/wordsets.py).", 0, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__candidates(void) { return PyModuleDef_Init(&module_def); }
