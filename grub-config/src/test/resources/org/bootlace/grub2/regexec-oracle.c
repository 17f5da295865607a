/*
 * The reference for PosixRegex: glibc's regcomp(REG_EXTENDED) and regexec, the same gnulib code
 * GRUB carries, in a UTF-8 locale as GRUB reads text. Each input line is "PATTERN STRING" in hex;
 * each output line is "E message", "N" (no match), "M" and the registers' byte offsets, or "C"
 * when glibc crashed or ran over two seconds on the case (each case runs in its own process).
 */
#include <locale.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static size_t unhex(const char *h, size_t n, char *out) {
  size_t i;
  for (i = 0; i + 1 < n + 1 && i * 2 + 1 < n; i++) {
    unsigned v;
    sscanf(h + i * 2, "%2x", &v);
    out[i] = (char) v;
  }
  out[i] = 0;
  return i;
}

int main(void) {
  static char line[1 << 20], pat[1 << 19], str[1 << 19];
  if (!setlocale(LC_ALL, "C.UTF-8")) {
    fprintf(stderr, "no C.UTF-8 locale\n");
    return 2;
  }
  while (fgets(line, sizeof line, stdin)) {
    char *sp = strchr(line, ' ');
    char *nl = strchr(line, '\n');
    if (!sp || !nl) {
      return 3;
    }
    unhex(line, (size_t) (sp - line), pat);
    unhex(sp + 1, (size_t) (nl - sp - 1), str);
    fflush(stdout);
    pid_t child = fork();
    if (child < 0) {
      return 4;
    }
    if (child > 0) {
      int status;
      waitpid(child, &status, 0);
      if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        printf("C\n");
      }
      continue;
    }
    alarm(2);
    regex_t re;
    int rc = regcomp(&re, pat, REG_EXTENDED);
    if (rc) {
      char msg[200];
      regerror(rc, &re, msg, sizeof msg);
      printf("E %s\n", msg);
      fflush(stdout);
      _exit(0);
    }
    size_t n = re.re_nsub + 1;
    regmatch_t *m = calloc(n, sizeof *m);
    if (regexec(&re, str, n, m, 0)) {
      printf("N\n");
    } else {
      printf("M");
      for (size_t i = 0; i < n; i++) {
        printf(" %d,%d", (int) m[i].rm_so, (int) m[i].rm_eo);
      }
      printf("\n");
    }
    fflush(stdout);
    _exit(0);
  }
  return 0;
}
