package org.tailor.bench;
