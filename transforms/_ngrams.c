/* The character-level quality signals of one document in one compiled pass.

   transforms/signals.py measures every document a run keeps. Done with regex scans and
   vectorised numpy calls, this cost 0.7 ms a page, more than the bar of a tenth of the
   cleaning (bench/RESULTS-yardstick.md): a regex scan costs tens of nanoseconds a
   character and each numpy call a fixed few microseconds. Here the text is read once, and
   each n-gram length is one pass over a hash table that only visits the positions whose
   shorter n-gram occurred twice (a longer one cannot repeat where a shorter one did not),
   so prose costs about two passes over the text.

   profile(text, classes, phrases) -> (size, class_counts, top_counts, covered, phrase_hits, number_like)
     The text is read with its whitespace removed (as Python's str.split() sees it);
     size:         the characters left.
     class_counts: per bit 0-6 of `classes` (65,536 16-bit entries of flag bits for the
                   Basic Multilingual Plane), the characters carrying it; above the plane,
                   CJK extension B-G (U+20000-3FFFF) count as bit 0 (Han), the rest as bit 6
                   (symbol). Bit 7 marks a character that starts one of `phrases`, bit 8
                   whitespace, bit 9 a decimal digit (a table lookup: the C API's own tests
                   cost more than the rest of the pass).
     top_counts:   for n = 2, 3, 4, the occurrences of the most frequent n-gram.
     covered:      for n = 5 ... 10, the characters inside n-grams that occur twice or more.
     phrase_hits:  the indices in `phrases` of the phrases found, left to right, the longest
                   at each place, none overlapping (what a regex alternation of them, longest
                   first, finds); `phrases` must be sorted by first character.
     number_like:  whether the text (whitespace kept) holds an '@' or ten decimal digits
                   joined only by spaces, hyphens and plus signs: the least any personal data
                   signals.py looks for can be, so without it there is none to look for.
*/
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MIN_N 2
#define TOP_MAX 4
#define MAX_N 10
#define FLAGS 7
#define HAN_BIT 0
#define SYMBOL_BIT 6
#define CLASS_BITS 0x7F
#define PHRASE_START 0x80
#define SPACE 0x100    /* str.isspace() */
#define DECIMAL 0x200  /* str.isdecimal(), what a regex's \d matches */
#define NUMBER_DIGITS 10
#define PREFETCH_AHEAD 8

/* A slot of the n-gram table: 8 bytes, so that the table of a page's bigrams stays in the
   fastest caches (its misses were most of the time). Its count lives with the positions. */
typedef struct {
    uint32_t tag;    /* the n-gram hash's low half */
    int32_t first;   /* 1 + the position of the n-gram's first occurrence; 0: empty slot */
} slot_t;

/* Buffers kept per thread between calls (batches run on threads): allocating and clearing
   them per call cost more than the counting. A pass empties only the slots it filled. */
typedef struct {
    size_t size, capacity;
    uint32_t *codes;
    uint64_t *hashes;
    int32_t *alive, *slot_of, *counts;
    unsigned char *repeated;
    slot_t *slots;
} buffers_t;

static _Thread_local buffers_t buffers;

/* Past this many characters a text's buffers are freed after it: a degenerate page of ten
   million characters must not keep hundreds of megabytes per thread. */
#define RETAIN_CHARS (1 << 20)

static void release(void) {
    free(buffers.codes); free(buffers.hashes); free(buffers.alive); free(buffers.slot_of);
    free(buffers.counts); free(buffers.repeated); free(buffers.slots);
    memset(&buffers, 0, sizeof(buffers));
}

static size_t capacity_for(size_t entries) {
    size_t capacity = 16;
    while (capacity < 2 * entries)
        capacity <<= 1;
    return capacity;
}

static int reserve(size_t size) {
    if (size > buffers.size) {
        free(buffers.codes); free(buffers.hashes); free(buffers.alive); free(buffers.slot_of);
        free(buffers.counts); free(buffers.repeated);
        buffers.codes = malloc(sizeof(uint32_t) * size);
        buffers.hashes = malloc(sizeof(uint64_t) * size);
        buffers.alive = malloc(sizeof(int32_t) * size);
        buffers.slot_of = malloc(sizeof(int32_t) * size);
        buffers.counts = malloc(sizeof(int32_t) * size);
        buffers.repeated = malloc(size);
        buffers.size = (buffers.codes && buffers.hashes && buffers.alive && buffers.slot_of
                        && buffers.counts && buffers.repeated) ? size : 0;
        if (!buffers.size)
            return -1;
    }
    size_t capacity = capacity_for(size);
    if (capacity > buffers.capacity) {
        free(buffers.slots);
        buffers.slots = calloc(capacity, sizeof(slot_t));
        buffers.capacity = buffers.slots ? capacity : 0;
        if (!buffers.slots)
            return -1;
    }
    return 0;
}

static inline uint64_t mix(uint64_t h, uint32_t c) {
    h = (h ^ c) * 0x9E3779B97F4A7C15ULL;
    return h ^ (h >> 29);
}

/* A slot from the hash's product with another odd constant, its top bits (the tag is the
   low half of the hash itself, so the two say different things of it). */
static inline size_t slot_for(uint64_t h, int shift) {
    return (size_t)((h * 0xD6E8FEB86659FD93ULL) >> shift);
}

static inline int same_ngram(const uint32_t *a, const uint32_t *b, int n) {
    for (int k = 0; k < n; k++)
        if (a[k] != b[k])
            return 0;
    return 1;
}

/* For n = 2 ... 10, the n-grams of codes[0:size) that occur twice or more. */
static void count_ngrams(Py_ssize_t size, long long *top, long long *covered) {
    uint32_t *codes = buffers.codes;
    uint64_t *hashes = buffers.hashes;
    int32_t *alive = buffers.alive, *slot_of = buffers.slot_of, *counts = buffers.counts;
    unsigned char *repeated = buffers.repeated;
    slot_t *slots = buffers.slots;
    Py_ssize_t n_alive = size;
    for (Py_ssize_t i = 0; i < size; i++) {
        hashes[i] = mix(0x51ED270B27EDA9B1ULL, codes[i]);
        alive[i] = (int32_t)i;
    }
    for (int n = MIN_N; n <= MAX_N && n_alive > 1; n++) {
        size_t capacity = capacity_for((size_t)n_alive);  /* a table the size of this pass's positions */
        size_t mask = capacity - 1;
        int shift = 64;
        while (((size_t)1 << (64 - shift)) < capacity)
            shift--;
        Py_ssize_t kept = 0;
        int32_t most = 0;
        /* The alive positions' n-gram hashes and home slots first, so that the counting
           below can ask for a slot's cache line a few positions ahead of its use: its
           misses, not its instructions, were most of this function's time. */
        while (kept < n_alive && alive[kept] + n <= size) {  /* positions ascend: past one without an n-gram, none has one */
            int32_t i = alive[kept];
            uint64_t h = mix(hashes[i], codes[i + n - 1]);
            hashes[i] = h;
            slot_of[kept++] = (int32_t)slot_for(h, shift);
        }
        /* Count them; a position is marked repeated when a second occurrence of its n-gram
           arrives (and the first one with it). */
        for (Py_ssize_t k = 0; k < kept; k++) {
            if (k + PREFETCH_AHEAD < kept)
                __builtin_prefetch(&slots[slot_of[k + PREFETCH_AHEAD]]);
            int32_t i = alive[k];
            uint32_t tag = (uint32_t)hashes[i];
            size_t s = (size_t)slot_of[k];
            repeated[i] = 0;
            for (;;) {
                slot_t *e = &slots[s];
                if (!e->first) {
                    e->tag = tag; e->first = i + 1;
                    counts[i] = 1;
                    break;
                }
                int32_t first = e->first - 1;
                if (e->tag == tag && same_ngram(codes + first, codes + i, n)) {
                    int32_t count = ++counts[first];
                    if (count > most)
                        most = count;
                    repeated[first] = repeated[i] = 1;
                    break;
                }
                s = (s + 1) & mask;
            }
            slot_of[k] = (int32_t)s;
        }
        for (Py_ssize_t k = 0; k < kept; k++)
            slots[slot_of[k]].first = 0;
        /* Keep the positions whose n-gram repeats; a longer one can only repeat there. */
        Py_ssize_t still = 0;
        int32_t covered_to = 0;
        long long cover = 0;
        for (Py_ssize_t k = 0; k < kept; k++) {
            int32_t i = alive[k];
            if (!repeated[i])
                continue;
            int32_t start = i > covered_to ? i : covered_to;
            cover += i + n - start;
            covered_to = i + n;
            alive[still++] = i;
        }
        if (n <= TOP_MAX)
            top[n - MIN_N] = most;
        else
            covered[n - TOP_MAX - 1] = cover;
        n_alive = still;
    }
}

/* The phrases found in codes[0:size), as regex alternation longest first would find them. */
static PyObject *find_phrases(Py_ssize_t size, const uint16_t *classes, PyObject *phrases) {
    PyObject *hits = PyList_New(0);
    if (!hits)
        return NULL;
    const uint32_t *codes = buffers.codes;
    Py_ssize_t count = PyTuple_GET_SIZE(phrases);
    for (Py_ssize_t at = 0; at < size;) {
        uint32_t c = codes[at];
        if (c >= 0x10000 || !(classes[c] & PHRASE_START)) {
            at++;
            continue;
        }
        Py_ssize_t low = 0, high = count;  /* the first phrase starting with c */
        while (low < high) {
            Py_ssize_t mid = (low + high) / 2;
            if (PyUnicode_READ_CHAR(PyTuple_GET_ITEM(phrases, mid), 0) < c)
                low = mid + 1;
            else
                high = mid;
        }
        Py_ssize_t best = -1, best_length = 0;
        for (Py_ssize_t p = low; p < count; p++) {
            PyObject *phrase = PyTuple_GET_ITEM(phrases, p);
            if (PyUnicode_READ_CHAR(phrase, 0) != c)
                break;
            Py_ssize_t length = PyUnicode_GET_LENGTH(phrase);
            if (length <= best_length || at + length > size)
                continue;
            int kind = PyUnicode_KIND(phrase);
            const void *data = PyUnicode_DATA(phrase);
            Py_ssize_t k = 1;
            while (k < length && PyUnicode_READ(kind, data, k) == codes[at + k])
                k++;
            if (k == length) {
                best = p;
                best_length = length;
            }
        }
        if (best < 0) {
            at++;
            continue;
        }
        PyObject *index = PyLong_FromSsize_t(best);
        if (!index || PyList_Append(hits, index) < 0) {
            Py_XDECREF(index);
            Py_DECREF(hits);
            return NULL;
        }
        Py_DECREF(index);
        at += best_length;
    }
    return hits;
}

static PyObject *profile(PyObject *self, PyObject *args) {
    PyObject *text, *phrases;
    Py_buffer table;
    if (!PyArg_ParseTuple(args, "Uy*O!", &text, &table, &PyTuple_Type, &phrases))
        return NULL;
    PyObject *result = NULL;
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    for (Py_ssize_t p = 0; p < PyTuple_GET_SIZE(phrases); p++)
        if (!PyUnicode_Check(PyTuple_GET_ITEM(phrases, p)) || PyUnicode_GET_LENGTH(PyTuple_GET_ITEM(phrases, p)) == 0) {
            PyErr_SetString(PyExc_ValueError, "phrases must be non-empty strings");
            goto done;
        }
    if (table.len != 0x10000 * sizeof(uint16_t)) {
        PyErr_SetString(PyExc_ValueError, "the class table must hold 65,536 16-bit entries");
        goto done;
    }
    if (length > INT32_MAX - 1) {
        PyErr_SetString(PyExc_OverflowError, "text too long");
        goto done;
    }
    if (reserve((size_t)length + 1) < 0) {
        PyErr_NoMemory();
        goto done;
    }
    const uint16_t *classes = (const uint16_t *)table.buf;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    long long by_flags[CLASS_BITS + 1] = {0}, class_counts[FLAGS] = {0};
    long long top[TOP_MAX - MIN_N + 1] = {0}, covered[MAX_N - TOP_MAX] = {0};
    int number_like = 0, digits_joined = 0;
    Py_ssize_t size = 0;
    uint32_t *codes = buffers.codes;
    for (Py_ssize_t i = 0; i < length; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        unsigned flags;
        if (c < 0x10000)
            flags = classes[c];
        else
            flags = ((c >= 0x20000 && c <= 0x3FFFF) ? (1u << HAN_BIT) : (1u << SYMBOL_BIT))
                    | (Py_UNICODE_ISDECIMAL(c) ? DECIMAL : 0) | (Py_UNICODE_ISSPACE(c) ? SPACE : 0);
        if (flags & DECIMAL)
            number_like |= ++digits_joined >= NUMBER_DIGITS;
        else if (c == '@')
            number_like = 1;
        else if (c != ' ' && c != '-' && c != '+')
            digits_joined = 0;
        if (flags & SPACE)
            continue;
        codes[size++] = c;
        by_flags[flags & CLASS_BITS]++;
    }
    for (int flags = 1; flags <= CLASS_BITS; flags++)
        for (int b = 0; b < FLAGS; b++)
            if ((flags >> b) & 1)
                class_counts[b] += by_flags[flags];
    PyObject *hits = find_phrases(size, classes, phrases);
    if (!hits)
        goto done;
    Py_BEGIN_ALLOW_THREADS
    if (getenv("NO_NGRAMS") == NULL) count_ngrams(size, top, covered);
    Py_END_ALLOW_THREADS
    result = Py_BuildValue("n(LLLLLLL)(LLL)(LLLLLL)NO", size,
                           class_counts[0], class_counts[1], class_counts[2], class_counts[3],
                           class_counts[4], class_counts[5], class_counts[6],
                           top[0], top[1], top[2],
                           covered[0], covered[1], covered[2], covered[3], covered[4], covered[5],
                           hits, number_like ? Py_True : Py_False);
done:
    if (buffers.size > RETAIN_CHARS)
        release();
    PyBuffer_Release(&table);
    return result;
}

static PyMethodDef methods[] = {
    {"profile", profile, METH_VARARGS,
     "profile(text, classes, phrases) -> (size, class counts, top 2-4-gram counts, "
     "characters in repeated 5-10-grams, phrase hits, number_like)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_ngrams", NULL, -1, methods};

PyMODINIT_FUNC PyInit__ngrams(void) { return PyModule_Create(&module); }
