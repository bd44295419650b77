/* map_main.c: bitext-map, the mapper as an executable of its own, linked
 * with libbitext-core only: that it links at all proves the mapper needs
 * no SQLite and nothing of the corpus (map.h). */
#include "map.h"

int main(int argc, char **argv)
{
	return cmd_map(argc, argv);
}
