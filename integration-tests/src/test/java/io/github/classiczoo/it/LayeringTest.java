package io.github.classiczoo.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The modules' layering (ARCHITECTURE.md) as rules over the compiled main code of every module:
 * <pre>
 *   app ──▶ train ──▶ data ──▶ core ◀── lenet, alexnet, googlenet, resnet
 *    │        └─────▶ nativeops ──▶ core
 *    ├──▶ onnx ──▶ weights ──▶ core
 *    └──▶ weights
 * </pre>
 * Model families see only core; core sees only DL4J/ND4J; only data touches DataVec's image loader and JavaCV; only
 * the harness and the app draw plots; only onnx and the app touch ONNX Runtime. No package depends on itself through others.
 */
class LayeringTest {

    private static final String ROOT = "io.github.classiczoo";
    private static JavaClasses classes;

    @BeforeAll
    static void importMainCode() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void noPackageCycles() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void coreSeesOnlyItselfAndDl4j() {
        noClasses().that().resideInAPackage(ROOT + ".core..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".data..", ROOT + ".train..", ROOT + ".weights..", ROOT + ".onnx..",
                        ROOT + ".nativeops..", ROOT + ".app..", ROOT + ".lenet..", ROOT + ".alexnet..", ROOT + ".googlenet..",
                        ROOT + ".resnet..", "org.datavec..", "org.bytedeco..", "org.knowm..", "com.fasterxml..")
                .check(classes);
    }

    @Test
    void modelFamiliesSeeOnlyCore() {
        noClasses().that().resideInAnyPackage(ROOT + ".lenet..", ROOT + ".alexnet..", ROOT + ".googlenet..", ROOT + ".resnet..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".data..", ROOT + ".train..", ROOT + ".weights..", ROOT + ".onnx..",
                        ROOT + ".nativeops..", ROOT + ".app..", "org.datavec..", "org.bytedeco..", "org.knowm..")
                .check(classes);
    }

    @Test
    void familiesDoNotSeeEachOther() {
        String[] families = {"lenet", "alexnet", "googlenet", "resnet"};
        for (String f : families) {
            for (String g : families) {
                if (!f.equals(g)) {
                    noClasses().that().resideInAPackage(ROOT + "." + f + "..")
                            .should().dependOnClassesThat().resideInAPackage(ROOT + "." + g + "..").check(classes);
                }
            }
        }
    }

    @Test
    void theSpeedLayerAndTheDataSeeOnlyCore() {
        noClasses().that().resideInAPackage(ROOT + ".nativeops..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".data..", ROOT + ".train..", ROOT + ".weights..", ROOT + ".app..")
                .check(classes);
        noClasses().that().resideInAPackage(ROOT + ".data..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".nativeops..", ROOT + ".train..", ROOT + ".weights..", ROOT + ".app..")
                .check(classes);
        noClasses().that().resideInAPackage(ROOT + ".weights..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".data..", ROOT + ".train..", ROOT + ".app..")
                .check(classes);
    }

    /** ONNX Runtime (a 93 MB jar) stays out of the model artifacts: only zoo-onnx and the app use it, and zoo-onnx sits below the harness. */
    @Test
    void onnxRuntimeStaysInItsModule() {
        noClasses().that().resideOutsideOfPackages(ROOT + ".onnx..", ROOT + ".app..")
                .should().dependOnClassesThat().resideInAPackage("ai.onnxruntime..").check(classes);
        noClasses().that().resideInAPackage(ROOT + ".onnx..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".data..", ROOT + ".train..", ROOT + ".app..", ROOT + ".spark..",
                        ROOT + ".lenet..", ROOT + ".alexnet..", ROOT + ".googlenet..", ROOT + ".resnet..")
                .check(classes);
    }

    @Test
    void theHarnessIsBelowTheApp() {
        noClasses().that().resideInAnyPackage(ROOT + ".train..", ROOT + ".weights..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".app..", ROOT + ".spark..").check(classes);
    }

    /** zoo-spark sits on the harness (never the other way round) and is the only user of Spark and dl4j-spark besides the app. */
    @Test
    void sparkSitsOnTheHarness() {
        noClasses().that().resideInAPackage(ROOT + ".spark..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".app..").check(classes);
        noClasses().that().resideOutsideOfPackages(ROOT + ".spark..", ROOT + ".app..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.deeplearning4j.spark..")
                .check(classes);
    }

    @Test
    void imageDecodingAndPlotsStayInTheirLayers() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".data..")
                .should().dependOnClassesThat().resideInAnyPackage("org.datavec.image..", "org.bytedeco..")
                .check(classes);
        noClasses().that().resideOutsideOfPackages(ROOT + ".train..", ROOT + ".app..")
                .should().dependOnClassesThat().resideInAPackage("org.knowm..")
                .check(classes);
    }
}
