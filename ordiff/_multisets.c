/* The overlap of two word multisets in C: how many words they share (shared), how many
 * distinct ones (common), whether one is contained in the other (inside) and which parts may
 * be pieces of a whole (pieces, align_split.splits' filter): the same results as the
 * pure-Python versions in ordiff/wordsets.py, which loads this module (and says what each
 * does).
 *
 * Exactness is the contract (see _accel.h): floating point is done operation by operation in
 * the order Python does it, each result rounded to a double (no fused multiply-add: see
 * contains()), and an int is compared with a float only where both are exact doubles (word
 * counts are refused beyond 2**53); counts are Python ints, summed in C while they fit a long
 * long, else as Python ints.
 */
#include "_accel.h"
#include <stdint.h>          /* uint64_t: the whole's filter */

/* ---- word multisets --------------------------------------------------------------------- */

/* What two word multisets (dicts of word -> int count) have in common: how many keys, and the
 * sum of the smaller counts over those keys, kept in `small` while it fits a long long and in
 * `big` (a Python int, owned) from then on. */
typedef struct {
    Py_ssize_t keys;
    long long small;
    PyObject *big;
} Overlap;

static int add_fits(long long total, long long more)
{
    return more >= 0 ? total <= LLONG_MAX - more : total >= LLONG_MIN - more;
}

/* Adds min(x, y) to the overlap's sum, as Python's min() and sum() would (x is the first
 * dict's count). */
static int add_min(Overlap *o, PyObject *x, PyObject *y)
{
    if (!PyLong_Check(x) || !PyLong_Check(y)) {
        PyErr_Format(PyExc_TypeError, "word counts must be int, not %.200s",
                     Py_TYPE(PyLong_Check(x) ? y : x)->tp_name);
        return -1;
    }
    if (!o->big && PyLong_CheckExact(x) && PyLong_CheckExact(y)) {
        int x_over, y_over;
        long long a = PyLong_AsLongLongAndOverflow(x, &x_over);
        long long b = PyLong_AsLongLongAndOverflow(y, &y_over);
        long long m = b < a ? b : a;
        if (!x_over && !y_over && add_fits(o->small, m)) {
            o->small += m;
            return 0;
        }
    }
    if (!o->big && !(o->big = PyLong_FromLongLong(o->small))) return -1;
    int less = PyObject_RichCompareBool(y, x, Py_LT);  /* min(x, y) is y only if y < x */
    if (less < 0) return -1;
    PyObject *sum = PyNumber_Add(o->big, less ? y : x);
    if (!sum) return -1;
    Py_SETREF(o->big, sum);
    return 0;
}

/* The keys a and b share, and with `sums` the sum of their smaller counts: the smaller dict is
 * walked, each key looked up in the other (a str key's hash is cached in it). */
static int overlap(PyObject *a, PyObject *b, int sums, Overlap *o)
{
    o->keys = 0;
    o->small = 0;
    o->big = NULL;
    int a_smaller = PyDict_GET_SIZE(a) <= PyDict_GET_SIZE(b);
    PyObject *walked = a_smaller ? a : b, *other = a_smaller ? b : a, *key, *value;
    Py_ssize_t pos = 0;
    while (PyDict_Next(walked, &pos, &key, &value)) {
        Py_INCREF(key);  /* a key's __eq__ may change the walked dict */
        Py_INCREF(value);
        PyObject *theirs = PyDict_GetItemWithError(other, key);
        Py_XINCREF(theirs);
        int failed = !theirs && PyErr_Occurred();
        if (theirs && !failed) {
            o->keys++;
            if (sums)
                failed = add_min(o, a_smaller ? value : theirs, a_smaller ? theirs : value) < 0;
        }
        Py_XDECREF(theirs);
        Py_DECREF(value);
        Py_DECREF(key);
        if (failed) {
            Py_CLEAR(o->big);
            return -1;
        }
    }
    return 0;
}

/* The overlap's sum as a Python int (a new reference). */
static PyObject *overlap_sum(Overlap *o)
{
    if (o->big) {
        PyObject *sum = o->big;
        o->big = NULL;
        return sum;
    }
    return PyLong_FromLongLong(o->small);
}

/* The overlap of a two-dict call's arguments; 0 on error. */
static int overlap_of(const char *name, PyObject *const *args, Py_ssize_t nargs, int sums,
                      Overlap *o)
{
    return arity(name, nargs, 2) && is_dict(args[0], "a") && is_dict(args[1], "b")
           && overlap(args[0], args[1], sums, o) == 0;
}

/* shared(a, b) == sum(min(a[k], b[k]) for k in a.keys() & b.keys()) */
static PyObject *shared(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    Overlap o;
    return overlap_of("shared", args, nargs, 1, &o) ? overlap_sum(&o) : NULL;
}

/* common(a, b) == len(a.keys() & b.keys()) */
static PyObject *common(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    Overlap o;
    return overlap_of("common", args, nargs, 0, &o) ? PyLong_FromSsize_t(o.keys) : NULL;
}

/* A whole's words as a Bloom filter of their hashes, one bit each: a key of a part whose bit is
 * clear is surely not in the whole. A dict stores (or its str keys cache) each key's hash,
 * stable as every dict lookup assumes, so reading the bits needs no lookup in the whole. The
 * filter is sized to about 16 bits a word (a clear bit for most missing keys). Beside each
 * bit, the sum of the counts of the whole's words on it (when every count is an int from 0 to
 * 2**32 - 1: counted), at least the count of any one of them. */
#define BLOOM_MAX_WORDS 1024            /* 65,536 bits */
typedef struct {
    uint64_t bits[BLOOM_MAX_WORDS];
    uint64_t *counts;                   /* PyMem memory, NULL if not counted */
    size_t mask;                        /* the number of bits less one; 0 until built */
} Bloom;

#define COUNT_UNKNOWN UINT64_MAX

/* A word count from 0 to 2**32 - 1 (an int), else COUNT_UNKNOWN. */
static uint64_t small_count(PyObject *count)
{
    int over;
    long long n = PyLong_CheckExact(count) ? PyLong_AsLongLongAndOverflow(count, &over) : -1;
    return n >= 0 && n <= 0xFFFFFFFFLL ? (uint64_t)n : COUNT_UNKNOWN;  /* over: n is -1 */
}

/* The whole's filter; -1 on error (out of memory). */
static int bloom_build(Bloom *b, PyObject *whole)
{
    size_t n = (size_t)PyDict_GET_SIZE(whole), bits = 512;
    while (bits < 16 * n && bits < 64 * (size_t)BLOOM_MAX_WORDS) bits <<= 1;
    memset(b->bits, 0, bits / 8);
    if (!(b->counts = PyMem_Calloc(bits, sizeof(uint64_t)))) {
        PyErr_NoMemory();
        return -1;
    }
    b->mask = bits - 1;
    PyObject *key, *value;
    Py_hash_t hash;
    Py_ssize_t pos = 0;
    while (_PyDict_Next(whole, &pos, &key, &value, &hash)) {  /* runs no Python code */
        size_t at = (size_t)hash & b->mask;
        b->bits[at >> 6] |= (uint64_t)1 << (at & 63);
        uint64_t count = small_count(value);
        if (count == COUNT_UNKNOWN) {
            PyMem_Free(b->counts);
            b->counts = NULL;
        }
        if (b->counts) b->counts[at] += count;
    }
    return 0;
}

/* What pieces' memo keeps of a part: each key's hash and count (small_count), in a bytes
 * object. Kept across calls, so that the ~16 wholes a part is tried against on a whole code
 * read them in a row instead of from each key (every str its own object, a cache miss each). */
typedef struct {
    Py_hash_t hash;
    uint64_t count;
} Key;

static PyObject *keys_of(PyObject *part)
{
    Py_ssize_t n = PyDict_GET_SIZE(part), i = 0, pos = 0;
    PyObject *array = PyBytes_FromStringAndSize(NULL, n * (Py_ssize_t)sizeof(Key)), *key, *value;
    if (!array) return NULL;
    Key *keys = (Key *)PyBytes_AS_STRING(array);
    Py_hash_t hash;
    while (i < n && _PyDict_Next(part, &pos, &key, &value, &hash))
        keys[i++] = (Key){hash, small_count(value)};
    return array;
}

/* Whether a part (size words: its keys, a bytes object from keys_of) is surely not share
 * contained in the whole (its filter), as contains() would find: enough of its keys have a
 * clear bit to make misses_exceed true (they are misses), or even counting each of its other
 * words as often as the whole can hold it on that bit (no fewer than min(part[k], whole[k])),
 * they are too few for shared / size >= share. Exact: both sums only grow, and no rounding
 * decreases. An unknown count, a size out of (0, 2**53] or a sum beyond 2**53 leave it to
 * contains(). */
static int surely_outside(const Bloom *b, PyObject *keys, long long size, double share,
                          double product, double bound)
{
    const Key *key = (const Key *)PyBytes_AS_STRING(keys);
    const Key *end = key + PyBytes_GET_SIZE(keys) / (Py_ssize_t)sizeof(Key);
    Py_ssize_t misses = 0;
    uint64_t most = 0;
    int counted = b->counts != NULL;
    for (; key < end; key++) {
        size_t at = (size_t)key->hash & b->mask;
        if (!(b->bits[at >> 6] >> (at & 63) & 1)) {
            if ((double)++misses + product > bound) return 1;
        } else if (counted && key->count == COUNT_UNKNOWN) {
            counted = 0;
        } else if (counted) {
            most += key->count < b->counts[at] ? key->count : b->counts[at];
        }
    }
    return counted && size > 0 && most <= (uint64_t)EXACT && (double)most / (double)size < share;
}

/* Whether float(misses) + product > bound for the number of part's keys missing from whole,
 * as Python evaluates it (the int converted to a double, then added): 1, 0, or -1 on error.
 * The sum only grows with misses (each rounding is monotone), so the walk stops at the first
 * miss that makes it true: most parts are not inside (81,000 of 82,000 on a whole code) and
 * fail after a few of their words. No whole has fewer keys than part shares with it, so
 * len(part) - len(whole) misses are certain before any word is looked up. With the whole's
 * filter the keys whose bit is clear are counted first: they are misses, so if enough of them
 * make the sum true it is, and no key is looked up (the filter only answers sooner). */
static int misses_exceed(PyObject *part, PyObject *whole, double product, double bound)
{
    Py_ssize_t misses = PyDict_GET_SIZE(part) - PyDict_GET_SIZE(whole);
    if (misses > 0 && (double)misses + product > bound) return 1;
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    misses = 0;
    while (PyDict_Next(part, &pos, &key, &value)) {
        Py_INCREF(key);  /* a key's __eq__ may change the walked dict */
        int found = PyDict_Contains(whole, key);
        Py_DECREF(key);
        if (found < 0) return -1;
        if (!found && (double)++misses + product > bound) return 1;
    }
    return 0;
}

/* Whether part (size_obj words, size as a long long) is at least share contained in whole:
 * align_split._inside with CONTAINMENT as share. 1, 0, or -1 on error. */
static int contains(PyObject *part, PyObject *whole, PyObject *size_obj, long long size,
                    double share, const Bloom *bloom, PyObject *keys)
{
    Overlap o;
    /* len(part) - len(common) + share * size > size + 1e-9, one rounding per operation: the
     * product goes through a volatile so that no compiler fuses it with the sum (an FMA
     * rounds once, Python twice). */
    volatile double product = share * (double)size;
    if (keys && surely_outside(bloom, keys, size, share, product, (double)size + 1e-9)) return 0;
    int outside = misses_exceed(part, whole, product, (double)size + 1e-9);
    if (outside) return outside < 0 ? -1 : 0;
    if (overlap(part, whole, 1, &o) < 0) return -1;
    double ratio;
    if (!o.big && size && o.small <= EXACT && o.small >= -EXACT) {
        ratio = (double)o.small / (double)size;  /* what int / int does with exact doubles */
    } else {  /* a sum beyond 2**53 (int / int rounds it correctly), or ZeroDivisionError */
        PyObject *sum = overlap_sum(&o);
        PyObject *quotient = sum ? PyNumber_TrueDivide(sum, size_obj) : NULL;
        Py_XDECREF(sum);
        if (!quotient) return -1;
        ratio = PyFloat_AsDouble(quotient);
        Py_DECREF(quotient);
        if (ratio == -1.0 && PyErr_Occurred()) return -1;
    }
    return ratio >= share;
}

/* inside(part, whole, size, share): align_split._inside with CONTAINMENT as share. */
static PyObject *inside(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    long long size;
    double share;
    if (!arity("inside", nargs, 4) || !is_dict(args[0], "part") || !is_dict(args[1], "whole")
            || !word_count(args[2], "size", &size) || !as_double(args[3], &share))
        return NULL;
    int in = contains(args[0], args[1], args[2], size, share, NULL, NULL);
    return in < 0 ? NULL : PyBool_FromLong(in);
}

typedef struct {
    PyObject *taken, *p2w, *partner, *part_size, *part_words, *whole_words, *memo;
    long long whole_size;
    double share;
    Bloom *bloom;  /* the whole's filter, built for the first part that needs it */
    /* memo: each part's keys (keys_of) by its index in part_words, or NULL: none kept */
} Pieces;

/* The keys of part_words[at] (bag) from the memo, where they are kept with the bag they are
 * of (another bag at that index, or another number of keys, replaces them; a memo holds only
 * what this puts there, for parts that do not change, as Counters of clause words do not): a
 * new reference, NULL on error. */
static PyObject *memo_keys(PyObject *memo, Py_ssize_t at, PyObject *part_words, PyObject *bag)
{
    at = at < 0 ? at + PyList_GET_SIZE(part_words) : at;  /* item() found it */
    PyObject *index = PyLong_FromSsize_t(at), *kept, *keys = NULL, *entry;
    if (!index) return NULL;
    if ((kept = PyDict_GetItemWithError(memo, index)) && PyTuple_CheckExact(kept)
            && PyTuple_GET_SIZE(kept) == 2 && PyTuple_GET_ITEM(kept, 0) == bag
            && PyBytes_CheckExact(PyTuple_GET_ITEM(kept, 1))
            && PyBytes_GET_SIZE(PyTuple_GET_ITEM(kept, 1))
               == PyDict_GET_SIZE(bag) * (Py_ssize_t)sizeof(Key)) {
        keys = Py_NewRef(PyTuple_GET_ITEM(kept, 1));
    } else if (!PyErr_Occurred() && (keys = keys_of(bag))) {
        if (!(entry = PyTuple_Pack(2, bag, keys)) || PyDict_SetItem(memo, index, entry) < 0)
            Py_CLEAR(keys);
        Py_XDECREF(entry);
    }
    Py_DECREF(index);
    return keys;
}

/* Whether part p may be a piece of the whole: free (or the whole's partner), small enough and
 * share contained in it. 1, 0, or -1 on error. */
static int is_piece(const Pieces *f, PyObject *p)
{
    int found = PySet_Contains(f->taken, p);
    if (found) return found < 0 ? -1 : 0;
    if ((found = PyDict_Contains(f->p2w, p)) < 0) return -1;
    if (found && (found = PyObject_RichCompareBool(p, f->partner, Py_EQ)) <= 0) return found;
    Py_ssize_t at;
    long long size;
    PyObject *size_obj, *bag;
    if (!index_of(p, &at) || !(size_obj = item(f->part_size, at))
            || !word_count(size_obj, "part_size[p]", &size))
        return -1;
    /* part_size[p] * share <= whole_size as Python: the int made a double, then multiplied
     * (through a volatile: no fused operation), then compared with an exact double. */
    volatile double product = (double)size * f->share;
    if (!(product <= (double)f->whole_size)) return 0;
    if (!(bag = item(f->part_words, at)) || !is_dict(bag, "part_words[p]")) return -1;
    Py_INCREF(size_obj);  /* a key's __eq__ may change the lists */
    Py_INCREF(bag);
    PyObject *keys = NULL;
    int in = -1;
    if (!f->memo || ((f->bloom->mask || bloom_build(f->bloom, f->whole_words) == 0)
                     && (keys = memo_keys(f->memo, at, f->part_words, bag))))
        in = contains(bag, f->whole_words, size_obj, size, f->share, f->bloom, keys);
    Py_XDECREF(keys);
    Py_DECREF(bag);
    Py_DECREF(size_obj);
    return in;
}

/* pieces(members, limit, taken, p2w, partner, part_size, part_words, whole_words, whole_size,
 * share[, memo]): the members among the first limit that may be pieces of the whole, in their
 * order (align_split.splits' filter). The memo (a dict, or None) keeps each part's keys for
 * the next call on the same part_words. */
static PyObject *pieces(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    Pieces f;
    Bloom bloom;
    bloom.mask = 0;
    bloom.counts = NULL;
    f.bloom = &bloom;
    if (nargs != 11 && !arity("pieces", nargs, 10)) return NULL;
    f.memo = nargs == 11 && args[10] != Py_None ? args[10] : NULL;
    if ((f.memo && !is_dict(f.memo, "memo")) || !is_list(args[0], "members")
            || !is_dict(args[3], "p2w") || !is_list(args[5], "part_size")
            || !is_list(args[6], "part_words") || !is_dict(args[7], "whole_words")
            || !word_count(args[8], "whole_size", &f.whole_size) || !as_double(args[9], &f.share))
        return NULL;
    if (!PyAnySet_Check(args[2]))
        return PyErr_Format(PyExc_TypeError, "taken must be a set, not %.200s",
                            Py_TYPE(args[2])->tp_name);
    if (!PyIndex_Check(args[1]))
        return PyErr_Format(PyExc_TypeError, "slice indices must be integers, not %.200s",
                            Py_TYPE(args[1])->tp_name);
    Py_ssize_t limit = PyNumber_AsSsize_t(args[1], NULL), length = PyList_GET_SIZE(args[0]);
    if (limit == -1 && PyErr_Occurred()) return NULL;
    limit = limit < 0 ? (limit + length < 0 ? 0 : limit + length) : limit;  /* members[:limit] */
    f.taken = args[2], f.p2w = args[3], f.partner = args[4], f.part_size = args[5];
    f.part_words = args[6], f.whole_words = args[7];
    PyObject *members = PyList_GetSlice(args[0], 0, limit), *kept = PyList_New(0);
    if (!members || !kept) goto error;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(members); i++) {
        PyObject *p = PyList_GET_ITEM(members, i);
        int piece = is_piece(&f, p);
        if (piece > 0) piece = PyList_Append(kept, p) < 0 ? -1 : 1;
        if (piece < 0) goto error;
    }
    Py_DECREF(members);
    PyMem_Free(bloom.counts);
    return kept;
error:
    Py_XDECREF(members);
    Py_XDECREF(kept);
    PyMem_Free(bloom.counts);
    return NULL;
}

/* ---- the module ------------------------------------------------------------------------- */

static PyMethodDef methods[] = {
    {"shared", FASTCALL(shared), METH_FASTCALL,
     "sum(min(a[k], b[k]) for k in a.keys() & b.keys())"},
    {"common", FASTCALL(common), METH_FASTCALL, "len(a.keys() & b.keys())"},
    {"inside", FASTCALL(inside), METH_FASTCALL,
     "Whether part (size words) is at least share contained in whole."},
    {"pieces", FASTCALL(pieces), METH_FASTCALL,
     "The members among the first limit that may be pieces of the whole, in order."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "ordiff._multisets", "The overlap of word multisets in C (see ordiff/wordsets.py).", 0, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__multisets(void) { return PyModuleDef_Init(&module_def); }
