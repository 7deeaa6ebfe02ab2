#include <stdio.h>
#include "config.h"
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define LONG_MACRO(x) \
    do { (x)++; } while (0)

/* Block comment: /* is not nested in C */
typedef struct node {
    int value;
    struct node *next;
} node_t;

static const char *greeting = "Hello, \"world\"\n";

int sum(const node_t *head) {
    int total = 0;
    for (const node_t *n = head; n != NULL; n = n->next) {
        total += n->value;   // running total
    }
    return total;
}

int main(int argc, char **argv) {
    unsigned long mask = 0xFFu;
    double ratio = 1.5e-3;
    char quote = '\'';
    printf("%s %d %lu %f %c\n", greeting, MAX(argc, 2), mask, ratio, quote);
    return sizeof(node_t) > 8 ? 0 : 1;
}
