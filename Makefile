# attscan - GNU Makefile.  make; make check; make SANITIZE=address,undefined check
.SUFFIXES:

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
DATADIR	?= $(PREFIX)/share/attscan
MANDIR	?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc/attscan
# Created by make install with the group model of attscan(8): root's, group
# ATTSCAN_GROUP, mode 2770.  TMPFILESDIR gets the tmpfiles.d(5) entry that
# recreates RUNDIR at boot (/run is a tmpfs).
RUNDIR	?= /run/attscan
QUARANTINEDIR ?= /var/spool/attscan/quarantine
TMPFILESDIR ?= $(PREFIX)/lib/tmpfiles.d
ATTSCAN_GROUP ?= attscan
VERSION	 = 0.1.0

CC	?= cc
CFLAGS	?= -O2 -g
PKGS	 = libmagic libarchive libpcre2-8
WARN	 = -Wall -Wextra -Wshadow -Wpointer-arith -Wcast-qual \
	   -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla \
	   -Wwrite-strings -Wsign-compare -Wno-missing-field-initializers
override CFLAGS += -std=c11 -D_GNU_SOURCE $(WARN) -MMD -MP \
	   -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fPIE \
	   $(shell pkg-config --cflags $(PKGS)) -I/usr/include/iniparser \
	   -DATTSCAN_VERSION='"$(VERSION)"' \
	   -DATTSCAN_MAGIC='"$(DATADIR)/attscan.mgc"' \
	   -DATTSCAN_SYSCONFDIR='"$(SYSCONFDIR)"'
override LDFLAGS += -pie -Wl,-z,relro,-z,now

# libmagic, PCRE2, iniparser and libmilter (attscan milter) are linked
# statically: each shared library costs ~0.1 ms per exec, and attscan
# runs once per message.
# STATIC=0 links them dynamically.
STATIC	?= 1
ifeq ($(STATIC),1)
LIBS	 = -Wl,-Bstatic $(shell pkg-config --static --libs libmagic) \
	   -lpcre2-8 -liniparser -lunistring -lmilter -Wl,-Bdynamic -lpthread
else
LIBS	 = $(shell pkg-config --libs libmagic libpcre2-8) -liniparser -lunistring \
	   -lmilter \
	   -lpthread
endif

ifdef SANITIZE
override CFLAGS  += -O1 -fsanitize=$(SANITIZE) -fno-sanitize-recover=all \
	   -fno-omit-frame-pointer -DATTSCAN_SANITIZE
override LDFLAGS += -fsanitize=$(SANITIZE)
endif
ifdef DEVELOPER
override CFLAGS += -Werror
endif

# Layers as folders (arrows only downward, checked by tests/0005-layers.t):
# src/util knows nothing of mail, src/mime is the parser, src/ holds the
# pipeline's stages, cmd/ the programs.
B	 = build
LAYERS	 = src/util src/mime src
SRCS	 = $(filter-out %_test.c,$(foreach d,$(LAYERS),$(wildcard $(d)/*.c)))
OBJS	 = $(SRCS:src/%.c=$(B)/%.o)
TESTSRC	 = $(foreach d,$(LAYERS),$(wildcard $(d)/*_test.c))
TESTS	 = $(TESTSRC:src/%_test.c=$(B)/test/%_test)
CMDSRC	 = $(wildcard cmd/attscan/*.c)
CMDOBJS	 = $(CMDSRC:cmd/attscan/%.c=$(B)/cmd/%.o)

all: $(B)/attscan $(B)/attscan.mgc

# The paths compiled in: $(B)/paths holds them and is rewritten only when
# they differ from the last build's, so that "make install PREFIX=/usr"
# after a plain "make" rebuilds instead of installing a binary with the
# old prefix baked in.  Only the sources that name them are compiled again.
PATHS	 = $(DATADIR)/attscan.mgc $(SYSCONFDIR)
_	:= $(shell mkdir -p $(B) && [ "$$(cat $(B)/paths 2>/dev/null)" = \
	   '$(PATHS)' ] || echo '$(PATHS)' >$(B)/paths)
PATHSRC	 = $(shell grep -lE 'ATTSCAN_(MAGIC|SYSCONFDIR)' $(SRCS) $(CMDSRC))
$(patsubst cmd/attscan/%.c,$(B)/cmd/%.o,$(PATHSRC:src/%.c=$(B)/%.o)): \
	   $(B)/paths

$(B)/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc -c -o $@ $<

$(B)/cmd/%.o: cmd/attscan/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc -c -o $@ $<

$(B)/libattscan.a: $(OBJS)
	rm -f $@
	ar rcs $@ $(OBJS)

$(B)/attscan: $(CMDOBJS) $(B)/libattscan.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(B)/magic-compile: cmd/magic-compile/magic-compile.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBS)

$(B)/attscan.mgc: share/magic/attscan $(B)/magic-compile
	cd $(B) && ./magic-compile $(CURDIR)/share/magic/attscan

$(B)/test/%_test.o: src/%_test.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc -c -o $@ $<

$(B)/test/%_test: $(B)/test/%_test.o $(B)/libattscan.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

# check and demo first make sure the Debian packages are there, so that
# both work on a fresh machine (as root); the build then runs afresh.
deps:
	@scripts/install-deps

tests: all $(TESTS)

check: deps
	@$(MAKE) --no-print-directory tests
	@mta=0; [ "$$CI" = true ] && [ -z "$(SANITIZE)" ] && mta=1; \
	    BUILD_DIR=$(B) ATTSCAN_SANITIZE=$(SANITIZE) ATTSCAN_MTA=$$mta \
	    tests/run $(TESTS)

# End-to-end tests on real MTAs (private Postfix and Exim on loopback, as
# root; scripts/install-deps --mta installs them).  make check runs them
# only when CI=true, so that a user's make check needs no Postfix.
check-mta: all
	@BUILD_DIR=$(B) tests/mta/run

check-asan:
	$(MAKE) B=build-asan SANITIZE=address,undefined check

# libFuzzer over the parser and decoders; FUZZ_SECONDS per harness.
FUZZ_SECONDS ?= 60
FUZZCC	?= clang
fuzz: $(B)/attscan.mgc
	@scripts/fuzz $(FUZZ_SECONDS)

demo: deps
	@$(MAKE) --no-print-directory all
	@scripts/demo

lint:
	@scripts/lint

# The configuration is installed only where none exists yet: an
# administrator's edits are never overwritten.  RUNDIR and QUARANTINEDIR
# get the group: installing as root into the live system (no DESTDIR)
# creates the group if it is missing (groupadd -r); otherwise the
# directories are made and what root must do is printed.
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) \
	    $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(MANDIR)/man5 \
	    $(DESTDIR)$(SYSCONFDIR)/scanners.d $(DESTDIR)$(TMPFILESDIR)
	install -m 0755 $(B)/attscan $(DESTDIR)$(BINDIR)/attscan
	install -m 0644 $(B)/attscan.mgc $(DESTDIR)$(DATADIR)/attscan.mgc
	install -m 0644 man/attscan.8 $(DESTDIR)$(MANDIR)/man8/attscan.8
	install -m 0644 man/attscan-scanners.5 \
	    $(DESTDIR)$(MANDIR)/man5/attscan-scanners.5
	install -m 0644 man/attscan.ini.5 $(DESTDIR)$(MANDIR)/man5/attscan.ini.5
	install -m 0644 scanners.d/README \
	    $(DESTDIR)$(SYSCONFDIR)/scanners.d/README
	sed -e 's|@RUNDIR@|$(RUNDIR)|' -e 's|@GROUP@|$(ATTSCAN_GROUP)|' \
	    share/tmpfiles.d/attscan.conf >$(DESTDIR)$(TMPFILESDIR)/attscan.conf
	chmod 0644 $(DESTDIR)$(TMPFILESDIR)/attscan.conf
	[ -e $(DESTDIR)$(SYSCONFDIR)/attscan.ini ] || \
	    install -m 0644 attscan.ini $(DESTDIR)$(SYSCONFDIR)/attscan.ini
	for f in scanners.d/*.ini; do \
	    [ -e $(DESTDIR)$(SYSCONFDIR)/$$f ] && continue; \
	    sed 's|/usr/local/bin/attscan |$(BINDIR)/attscan |' $$f \
	    >$(DESTDIR)$(SYSCONFDIR)/$$f && \
	    chmod 0644 $(DESTDIR)$(SYSCONFDIR)/$$f || exit 1; done
	install -d -m 0755 $(DESTDIR)$(dir $(QUARANTINEDIR))
	install -d -m 2770 $(DESTDIR)$(RUNDIR) $(DESTDIR)$(QUARANTINEDIR)
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then \
	    getent group $(ATTSCAN_GROUP) >/dev/null || \
	    { echo "groupadd -r $(ATTSCAN_GROUP)"; \
	    groupadd -r $(ATTSCAN_GROUP); } || exit 1; \
	    echo "chown root:$(ATTSCAN_GROUP) $(RUNDIR) $(QUARANTINEDIR)"; \
	    chown root:$(ATTSCAN_GROUP) $(RUNDIR) $(QUARANTINEDIR) && \
	    chmod 2770 $(RUNDIR) $(QUARANTINEDIR) || exit 1; \
	    echo "attscan: add the MTA's filter user to group" \
	    "$(ATTSCAN_GROUP) (usermod -a -G $(ATTSCAN_GROUP) USER)"; \
	else \
	    echo "attscan: as root on the target system:"; \
	    echo "  groupadd -r $(ATTSCAN_GROUP)"; \
	    echo "  chown root:$(ATTSCAN_GROUP) $(RUNDIR) $(QUARANTINEDIR)"; \
	    echo "  chmod 2770 $(RUNDIR) $(QUARANTINEDIR)"; \
	    echo "  usermod -a -G $(ATTSCAN_GROUP) USER  # the MTA's filter user"; \
	fi

# uninstall leaves the configuration ($(SYSCONFDIR): the administrator's
# edits), the quarantine (mail) and the group.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/attscan $(DESTDIR)$(DATADIR)/attscan.mgc \
	    $(DESTDIR)$(MANDIR)/man8/attscan.8 \
	    $(DESTDIR)$(MANDIR)/man5/attscan-scanners.5 \
	    $(DESTDIR)$(MANDIR)/man5/attscan.ini.5 \
	    $(DESTDIR)$(SYSCONFDIR)/scanners.d/README \
	    $(DESTDIR)$(TMPFILESDIR)/attscan.conf
	-rmdir $(DESTDIR)$(DATADIR)
	-rm -f $(DESTDIR)$(RUNDIR)/*.slot
	-rmdir $(DESTDIR)$(RUNDIR)

clean:
	rm -rf $(B) build-asan build-fuzz

.PHONY: all deps tests check check-mta check-asan fuzz demo lint install \
	uninstall clean
.PRECIOUS: $(B)/test/%_test.o

-include $(OBJS:.o=.d) $(CMDOBJS:.o=.d) $(TESTS:=.d)
