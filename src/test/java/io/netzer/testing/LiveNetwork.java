package io.netzer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The shared setup of the live tests, as a JUnit extension: each test is skipped with one message unless run as
 * root, and a test (or its {@code @BeforeEach} method) that declares a {@link TestNetwork} parameter gets a fresh
 * one, which JUnit closes after the test, also after a failure (the store closes what is {@link AutoCloseable}).
 * Use it on a class whose tests are all live, or on the live methods of a mixed class.
 */
public final class LiveNetwork implements BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LiveNetwork.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        TestNetwork.requireRoot();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestNetwork.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).computeIfAbsent(TestNetwork.class, key -> {
            try {
                return TestNetwork.create();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating the test network", e);
            }
        }, TestNetwork.class);
    }
}
