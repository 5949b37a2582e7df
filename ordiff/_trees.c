/* The tables of a clause tree in C (tree_tables, what align_side.Side.of holds): the same
 * results as the pure-Python version in ordiff/wordsets.py, which loads this module (and says
 * what it gives).
 *
 * A clause's fields are what getattr gives (a slot is read directly only where getattr would
 * read just that slot: see _accel.h's field()), each read once, its kind and path with its
 * children (one visit to each clause); each kind's rank and id prefix is looked up once. No C
 * recursion: a tree of any depth is walked with a stack on the heap.
 */
#include "_accel.h"

/* A clause's fields read here (the tree's children, kind and path). */
enum { CHILDREN, KIND, PATH, FIELDS };

typedef struct {
    PyObject *names[FIELDS];    /* "children", "kind", "path", interned */
    PyObject *slash;            /* "/" */
} State;

/* One clause of the pre-order list. */
typedef struct {
    PyObject *clause;           /* owned */
    PyObject *kind, *path;      /* owned, read with its children from their slots (one visit
                                   to the clause), or NULL: read later by getattr */
    PyObject *rank;             /* owned: rank_by_kind[clause.kind] */
    long level;                 /* the rank as a C long */
    Py_ssize_t parent, count, last_child, unit, last;  /* count: how many children */
} Node;

typedef struct {
    PyObject *clause;           /* owned */
    Py_ssize_t up;              /* its parent's index */
} Pending;

/* A kind seen, with its rank and (once asked for) its id prefix: kinds are a few enum members,
 * each looked up in the dicts once. */
typedef struct {
    PyObject *kind, *rank, *prefix;   /* owned; prefix NULL until asked for */
    long level;
} Kind;

#define KINDS 16

typedef struct {
    Fields fields;
    Node *nodes;
    Pending *pending;
    Py_ssize_t n, room, waiting, pending_room;
    Kind kinds[KINDS];
    int known;
} Walk;

static void walk_free(Walk *w)
{
    for (Py_ssize_t i = 0; i < w->n; i++) {
        Py_XDECREF(w->nodes[i].clause);
        Py_XDECREF(w->nodes[i].kind);
        Py_XDECREF(w->nodes[i].path);
        Py_XDECREF(w->nodes[i].rank);
    }
    for (Py_ssize_t i = 0; i < w->waiting; i++) Py_DECREF(w->pending[i].clause);
    for (int i = 0; i < w->known; i++) {
        Py_DECREF(w->kinds[i].kind);
        Py_DECREF(w->kinds[i].rank);
        Py_XDECREF(w->kinds[i].prefix);
    }
    Py_CLEAR(w->fields.type);
    PyMem_Free(w->nodes);
    PyMem_Free(w->pending);
}

/* Room for `need` items of `size` bytes at *items (room: how many it holds now): 0, or -1
 * with MemoryError (the items kept as they were). */
static int make_room(void **items, Py_ssize_t *room, Py_ssize_t need, size_t size)
{
    if (need <= *room) return 0;
    Py_ssize_t more = *room < 256 ? 256 : *room;
    Py_ssize_t wanted = need > PY_SSIZE_T_MAX - more ? need : need + more;
    if ((size_t)wanted > PY_SSIZE_T_MAX / size) {
        PyErr_NoMemory();
        return -1;
    }
    void *grown = PyMem_Realloc(*items, (size_t)wanted * size);
    if (!grown) {
        PyErr_NoMemory();
        return -1;
    }
    *items = grown;
    *room = wanted;
    return 0;
}

/* Puts clauses (a tuple or list, or anything false: no clauses) on the stack, last first, so
 * that the first is taken next: what stack.extend(reversed(...)) does after `if clauses:`. */
static int push(Walk *w, PyObject *clauses, Py_ssize_t up)
{
    if (!PyTuple_Check(clauses) && !PyList_Check(clauses)) {
        int truth = PyObject_IsTrue(clauses);
        if (truth > 0)
            PyErr_Format(PyExc_TypeError, "clauses must be in a tuple or list, not %.200s",
                         Py_TYPE(clauses)->tp_name);
        return truth ? -1 : 0;
    }
    Py_ssize_t count = PySequence_Fast_GET_SIZE(clauses);
    if (make_room((void **)&w->pending, &w->pending_room, w->waiting + count, sizeof(Pending)))
        return -1;
    PyObject **items = PySequence_Fast_ITEMS(clauses);
    for (Py_ssize_t j = count - 1; j >= 0; j--) {
        w->pending[w->waiting].clause = Py_NewRef(items[j]);
        w->pending[w->waiting++].up = up;
    }
    return 0;
}

/* The clauses in pre-order, each with its parent and children: an explicit stack, so that no
 * depth of nesting can overflow C's. */
static int walk_tree(Walk *w, PyObject *tops)
{
    if (!PyTuple_Check(tops) && !PyList_Check(tops)) {
        PyErr_Format(PyExc_TypeError, "tops must be a tuple or list, not %.200s",
                     Py_TYPE(tops)->tp_name);
        return -1;
    }
    if (push(w, tops, -1)) return -1;
    while (w->waiting) {
        if (make_room((void **)&w->nodes, &w->room, w->n + 1, sizeof(Node))) return -1;
        Pending next = w->pending[--w->waiting];
        Py_ssize_t i = w->n++;
        w->nodes[i] = (Node){.clause = next.clause, .parent = next.up, .last_child = -1,
                             .unit = -1, .last = i};
        if (next.up >= 0) {
            w->nodes[next.up].count++;
            w->nodes[next.up].last_child = i;
        }
        PyObject *children = field(&w->fields, next.clause, CHILDREN);
        if (w->fields.direct) {
            w->nodes[i].kind = Py_XNewRef(SLOT(&w->fields, next.clause, KIND));
            w->nodes[i].path = Py_XNewRef(SLOT(&w->fields, next.clause, PATH));
        }
        int failed = !children || push(w, children, i);
        Py_XDECREF(children);
        if (failed) return -1;
    }
    return 0;
}

/* The kind or path of clause i (a new reference), or NULL with the error getattr raises. */
static PyObject *node_field(Walk *w, Py_ssize_t i, int which)
{
    PyObject *read = which == KIND ? w->nodes[i].kind : w->nodes[i].path;
    return read ? Py_NewRef(read) : field(&w->fields, w->nodes[i].clause, which);
}

/* The entry of kind, looked up in rank_by_kind if new (a borrowed pointer into the cache, or
 * to `spare`, which the caller then owns, when the cache is full); NULL on error. */
static Kind *kind_of(Walk *w, PyObject *kind, PyObject *rank_by_kind, Kind *spare)
{
    for (int k = 0; k < w->known; k++)
        if (w->kinds[k].kind == kind) return &w->kinds[k];
    PyObject *rank = PyObject_GetItem(rank_by_kind, kind);
    if (!rank) return NULL;
    int overflow = 0;
    long level = PyLong_Check(rank) ? PyLong_AsLongAndOverflow(rank, &overflow) : -1;
    if (!PyLong_Check(rank) || overflow || (level == -1 && PyErr_Occurred())) {
        if (!PyErr_Occurred())
            PyErr_Format(overflow ? PyExc_OverflowError : PyExc_TypeError,
                         "a rank must be an int of a C long, not %.200s", Py_TYPE(rank)->tp_name);
        Py_DECREF(rank);
        return NULL;
    }
    Kind *entry = w->known < KINDS ? &w->kinds[w->known++] : spare;
    *entry = (Kind){Py_NewRef(kind), rank, NULL, level};
    return entry;
}

static void kind_free(Kind *kind)
{
    Py_DECREF(kind->kind);
    Py_DECREF(kind->rank);
    Py_XDECREF(kind->prefix);
}

/* Each clause's rank: rank_by_kind[clause.kind]. */
static int rank_tree(Walk *w, PyObject *rank_by_kind)
{
    for (Py_ssize_t i = 0; i < w->n; i++) {
        Kind spare, *entry;
        PyObject *kind = node_field(w, i, KIND);
        if (!kind || !(entry = kind_of(w, kind, rank_by_kind, &spare))) {
            Py_XDECREF(kind);
            return -1;
        }
        Py_DECREF(kind);
        w->nodes[i].rank = Py_NewRef(entry->rank);
        w->nodes[i].level = entry->level;
        if (entry == &spare) kind_free(&spare);
    }
    return 0;
}

/* Each clause's unit (a paragraph's section, a section's or a container's container, -1 if
 * none: from its parent up the units while of its rank or more, a rank 0 its parent) and last
 * (the last clause of its subtree): py_tree_tables' loops. */
static void place_tree(Walk *w)
{
    Node *nodes = w->nodes;
    for (Py_ssize_t i = 0; i < w->n; i++) {  /* parents come before their children */
        Py_ssize_t up = nodes[i].parent;
        long level = nodes[i].level;
        while (up >= 0 && level && nodes[up].level >= level) up = nodes[up].unit;
        nodes[i].unit = up;
    }
    for (Py_ssize_t i = w->n - 1; i >= 0; i--)  /* children come after their parents */
        if (nodes[i].last_child >= 0) nodes[i].last = nodes[nodes[i].last_child].last;
}

/* Clause i's id: "/".join(clause.path), after prefix_by_kind[clause.kind] for a rank 0. */
static PyObject *id_of(Walk *w, Py_ssize_t i, PyObject *slash, PyObject *prefix_by_kind)
{
    PyObject *prefix = NULL, *path, *id = NULL;
    long level = w->nodes[i].level;
    if (!level) {
        PyObject *kind = node_field(w, i, KIND);
        if (!kind) return NULL;
        Kind *entry = NULL;
        for (int k = 0; k < w->known && !entry; k++)
            if (w->kinds[k].kind == kind) entry = &w->kinds[k];
        if (entry && entry->prefix) {
            prefix = Py_NewRef(entry->prefix);
        } else if ((prefix = PyObject_GetItem(prefix_by_kind, kind)) && entry) {
            entry->prefix = Py_NewRef(prefix);
        }
        Py_DECREF(kind);
        if (!prefix) return NULL;
    }
    if ((path = node_field(w, i, PATH))) {
        PyObject *joined = PyUnicode_Join(slash, path);
        id = !joined || level ? joined : PyNumber_Add(prefix, joined);
        if (joined && !level) Py_DECREF(joined);
        Py_DECREF(path);
    }
    Py_XDECREF(prefix);
    return id;
}

/* A list of n index ints, each the field at `offset` of a node (an index, or -1), sharing
 * index[i] for i. */
static PyObject *index_list(const Walk *w, PyObject *const *index, PyObject *minus_one,
                            size_t offset)
{
    PyObject *list = PyList_New(w->n);
    for (Py_ssize_t i = 0; list && i < w->n; i++) {
        Py_ssize_t at = *(const Py_ssize_t *)((const char *)&w->nodes[i] + offset);
        PyList_SET_ITEM(list, i, Py_NewRef(at < 0 ? minus_one : index[at]));
    }
    return list;
}

/* Each clause's children's indices, a list per clause (filled from the last clause back). */
static PyObject *children_lists(Walk *w, PyObject *const *index)
{
    PyObject *lists = PyList_New(w->n);
    for (Py_ssize_t i = 0; lists && i < w->n; i++) {
        PyObject *list = PyList_New(w->nodes[i].count);
        if (!list) Py_CLEAR(lists);
        else PyList_SET_ITEM(lists, i, list);
    }
    for (Py_ssize_t i = w->n - 1; lists && i >= 0; i--) {
        Py_ssize_t up = w->nodes[i].parent;
        if (up >= 0)
            PyList_SET_ITEM(PyList_GET_ITEM(lists, up), --w->nodes[up].count,
                            Py_NewRef(index[i]));
    }
    return lists;
}

/* A list of the nodes' clauses or ranks, their references moved into it. */
static PyObject *moved_list(Walk *w, int ranks)
{
    PyObject *list = PyList_New(w->n);
    for (Py_ssize_t i = 0; list && i < w->n; i++) {
        PyObject **from = ranks ? &w->nodes[i].rank : &w->nodes[i].clause;
        PyList_SET_ITEM(list, i, *from);
        *from = NULL;
    }
    return list;
}

/* The seven tables of a walked, ranked and placed tree; NULL on error. */
static PyObject *tables(Walk *w, PyObject *slash, PyObject *prefix_by_kind)
{
    PyObject *ids = PyList_New(w->n), *result = NULL, *minus_one = PyLong_FromLong(-1);
    PyObject **index = PyMem_New(PyObject *, w->n ? w->n : 1);
    Py_ssize_t made = 0;
    if (!index) PyErr_NoMemory();
    if (!ids || !minus_one || !index) goto done;
    for (Py_ssize_t i = 0; i < w->n; i++) {
        PyObject *id = id_of(w, i, slash, prefix_by_kind);
        if (!id) goto done;
        PyList_SET_ITEM(ids, i, id);
    }
    for (; made < w->n; made++)
        if (!(index[made] = PyLong_FromSsize_t(made))) goto done;
    PyObject *parent = index_list(w, index, minus_one, offsetof(Node, parent));
    PyObject *children = parent ? children_lists(w, index) : NULL;
    PyObject *unit = children ? index_list(w, index, minus_one, offsetof(Node, unit)) : NULL;
    PyObject *last = unit ? index_list(w, index, minus_one, offsetof(Node, last)) : NULL;
    if (last) {  /* the clauses and ranks last: no error after they leave the nodes */
        PyObject *clauses = moved_list(w, 0), *ranks = clauses ? moved_list(w, 1) : NULL;
        if (ranks) result = PyTuple_Pack(7, clauses, parent, children, ranks, unit, last, ids);
        Py_XDECREF(clauses);
        Py_XDECREF(ranks);
    }
    Py_XDECREF(parent);
    Py_XDECREF(children);
    Py_XDECREF(unit);
    Py_XDECREF(last);
done:
    for (Py_ssize_t i = 0; i < made; i++) Py_DECREF(index[i]);
    PyMem_Free(index);
    Py_XDECREF(minus_one);
    Py_XDECREF(ids);
    return result;
}

/* tree_tables(tops, rank_by_kind, prefix_by_kind): Side.of's tables of a clause tree. */
static PyObject *tree_tables(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (!arity("tree_tables", nargs, 3)) return NULL;
    State *state = PyModule_GetState(module);
    Walk w = {.fields = {.names = {state->names[CHILDREN], state->names[KIND],
                                 state->names[PATH]}, .count = FIELDS}};
    PyObject *result = NULL;
    if (!walk_tree(&w, args[0]) && !rank_tree(&w, args[1])) {
        place_tree(&w);
        result = tables(&w, state->slash, args[2]);
    }
    walk_free(&w);
    return result;
}

/* ---- the module ------------------------------------------------------------------------- */

static PyMethodDef methods[] = {
    {"tree_tables", FASTCALL(tree_tables), METH_FASTCALL,
     "A clause tree's pre-order clauses, parents, children, ranks, units, lasts and ids."},
    {NULL, NULL, 0, NULL}};

static int exec_module(PyObject *module)
{
    State *state = PyModule_GetState(module);
    return (state->names[CHILDREN] = PyUnicode_InternFromString("children"))
           && (state->names[KIND] = PyUnicode_InternFromString("kind"))
           && (state->names[PATH] = PyUnicode_InternFromString("path"))
           && (state->slash = PyUnicode_InternFromString("/")) ? 0 : -1;
}

static int traverse(PyObject *module, visitproc visit, void *arg)
{
    State *state = PyModule_GetState(module);
    for (int i = 0; i < FIELDS; i++) Py_VISIT(state->names[i]);
    Py_VISIT(state->slash);
    return 0;
}

static int clear(PyObject *module)
{
    State *state = PyModule_GetState(module);
    for (int i = 0; i < FIELDS; i++) Py_CLEAR(state->names[i]);
    Py_CLEAR(state->slash);
    return 0;
}

static void free_module(void *module) { clear((PyObject *)module); }

static PyModuleDef_Slot slots[] = {{Py_mod_exec, exec_module}, {0, NULL}};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "ordiff._trees",
    "The aligner's tables of a clause tree in C (see ordiff/wordsets.py).", sizeof(State),
    methods, slots, traverse, clear, free_module};

PyMODINIT_FUNC PyInit__trees(void) { return PyModuleDef_Init(&module_def); }
