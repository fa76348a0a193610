package io.github.classiczoo.spark;

import io.github.classiczoo.core.model.FastPath;
import io.github.classiczoo.data.pipeline.Batches;
import io.github.classiczoo.data.pipeline.Prefetcher;
import io.github.classiczoo.train.Evaluator;
import io.github.classiczoo.train.Fitter;
import io.github.classiczoo.train.Metrics;
import io.github.classiczoo.train.Progress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * The trainer's minibatches fitted on Spark with DL4J's synchronous parameter averaging
 * ({@link ParameterAveragingTrainingMaster}, updater state averaged too). Minibatches are held until a round is full
 * ({@link SparkSettings#roundSize()}: each worker's partition gets {@code averagingFrequency} of them, in order), then
 * fitted as one RDD; the driver's network — the trainer's own object — then holds the averaged parameters, so the
 * trainer's checkpoints and schedule work on it unchanged, and its evaluations run on the executors ({@link #evaluate}). The learning rate the trainer sets applies per
 * round (recorded in the manifest). Executors rebuild the graph; {@link WorkerHook} restores what DL4J's rebuild loses.
 */
public final class SparkFitter implements Fitter, AutoCloseable {

    private final JavaSparkContext sc;
    private final boolean ownContext;
    private final SparkSettings settings;
    private final List<Batches.Batch> held = new ArrayList<>();
    private long rounds;

    public SparkFitter(JavaSparkContext sc, SparkSettings settings) {
        this(sc, settings, false);
    }

    private SparkFitter(JavaSparkContext sc, SparkSettings settings, boolean ownContext) {
        this.sc = sc;
        this.settings = settings;
        this.ownContext = ownContext;
    }

    /**
     * A fitter with its own Spark context on {@code master}, stopped by {@link #close()}; {@code workers} 0 means Spark's
     * default parallelism (N for {@code local[N]}, the executors' cores on a cluster).
     */
    public static SparkFitter start(String master, int workers, int averagingFrequency) {
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException("a Spark master URL is needed: local[N], spark://HOST:PORT, yarn or k8s://...");
        }
        JavaSparkContext sc;
        try {
            sc = new JavaSparkContext(conf(master, "classic-zoo"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot start Spark on " + master + ": " + e.getMessage(), e);
        }
        try {
            return new SparkFitter(sc, new SparkSettings(master, workers > 0 ? workers : sc.defaultParallelism(), averagingFrequency), true);
        } catch (RuntimeException e) {
            sc.stop();
            throw e;
        }
    }

    /** The Spark configuration the zoo uses: Java serialization of DataSets, no web UI in local mode. */
    public static SparkConf conf(String master, String appName) {
        SparkConf c = new SparkConf().setAppName(appName);
        if (!master.isBlank()) {
            c.setMaster(master);
        }
        if (master.startsWith("local")) {
            c.set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        }
        return c;
    }

    @Override
    public double fit(ComputationGraph net, Batches.Batch batch) {
        held.add(batch);
        return held.size() == settings.roundSize() ? round(net) : Double.NaN;
    }

    @Override
    public int held() {
        return held.size();
    }

    /** The images travel undecoded (a file's bytes, or 8-bit pixels) and are decoded and augmented on the executors. */
    @Override
    public boolean pendingBatches() {
        return true;
    }

    @Override
    public double flush(ComputationGraph net) {
        return held.isEmpty() ? Double.NaN : round(net);
    }

    /** Fits the held minibatches as one averaging round; returns the workers' mean loss. */
    private double round(ComputationGraph net) {
        // a new training master each round: its hook carries the round's starting iteration to the workers
        SparkComputationGraph sparkNet = new SparkComputationGraph(sc, net, master(held.get(0).size(),
                new WorkerHook(net.getConfiguration().getIterationCount(), net.getConfiguration().getEpochCount())));
        int partitions = Math.min(settings.workers(), held.size());
        int start = net.getConfiguration().getIterationCount();
        JavaRDD<DataSet> batches = batches(held, partitions);
        if (net.getNumOutputArrays() == 1) {
            sparkNet.fit(batches);
        } else { // GoogLeNet's auxiliary heads: the same labels for every output, as the local trainer does
            sparkNet.fitMultiDataSet(batches.map(new EveryOutput(net.getNumOutputArrays())));
        }
        // the averaged network has made as many updater steps as a worker took; dl4j-spark adds averagingFrequency even
        // to a round that an epoch's end cut short, which would shift Adam's bias correction from then on
        net.getConfiguration().setIterationCount(start + (held.size() + partitions - 1) / partitions);
        held.clear();
        rounds++;
        return sparkNet.getScore();
    }

    /**
     * The batches as an RDD of {@code partitions} slices in order: pending ones made on the executors (decoded, augmented,
     * normalised there: the same minibatches the driver would make), made ones as they are.
     */
    private JavaRDD<DataSet> batches(List<Batches.Batch> list, int partitions) {
        if (list.stream().allMatch(b -> b.pending() != null)) {
            List<Batches.Pending> pending = new ArrayList<>(list.size());
            list.forEach(b -> pending.add(b.pending()));
            return sc.parallelize(pending, partitions).map(Batches.Pending::make);
        }
        List<DataSet> made = new ArrayList<>(list.size());
        list.forEach(b -> made.add(b.data()));
        return sc.parallelize(made, partitions);
    }

    /** A minibatch for a network of several outputs, each given the same labels. */
    static final class EveryOutput implements org.apache.spark.api.java.function.Function<DataSet, MultiDataSet> {
        private static final long serialVersionUID = 1L;
        private final int outputs;

        EveryOutput(int outputs) {
            this.outputs = outputs;
        }

        @Override
        public MultiDataSet call(DataSet d) {
            INDArray[] labels = new INDArray[outputs];
            java.util.Arrays.fill(labels, d.getLabels());
            return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {d.getFeatures()}, labels);
        }
    }

    private ParameterAveragingTrainingMaster master(long batchSize, WorkerHook hook) {
        return new ParameterAveragingTrainingMaster.Builder(settings.workers(), (int) batchSize)
                .batchSizePerWorker((int) batchSize)
                .averagingFrequency(settings.averagingFrequency())
                .workerPrefetchNumBatches(0)
                .saveUpdater(true)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .repartionData(Repartition.Never)
                .collectTrainingStats(false)
                .trainingHooks(hook)
                .build();
    }

    /**
     * Batches each worker evaluates per Spark job: the driver holds workers × this many (undecoded) at a time, and each
     * task builds its network once for them (ResNet-50: ~1 s against 16 forward passes of several seconds).
     */
    static final int EVAL_BATCHES_PER_WORKER = 16;

    /**
     * Evaluates on the executors: the network (configuration JSON and parameters) is broadcast once, the batches go out
     * in jobs of {@link #EVAL_BATCHES_PER_WORKER} per worker (so the driver never holds the whole split), each partition
     * counts its share with the trainer's own {@link Evaluator.Tally}, and the driver adds the counts up.
     */
    @Override
    public Metrics evaluate(ComputationGraph net, Batches data, String split, Progress progress) {
        Broadcast<String> conf = sc.broadcast(net.getConfiguration().toJson());
        Broadcast<INDArray> params = sc.broadcast(net.params().dup());
        try {
            EvalShare share = new EvalShare(conf, params, data.data().classes(), data.views());
            Evaluator.Tally total = new Evaluator.Tally(data.data().classes(), data.views());
            progress.start("eval " + split, data.batchesPerEpoch(), data.size());
            int chunk = settings.workers() * EVAL_BATCHES_PER_WORKER;
            List<Batches.Batch> batches = new ArrayList<>(chunk);
            try (Prefetcher p = new Prefetcher(data.epoch(0).pending(), 2)) {
                Batches.Batch ds;
                while (true) {
                    ds = p.nextBatch();
                    if (ds != null) {
                        batches.add(ds);
                    }
                    if (!batches.isEmpty() && (ds == null || batches.size() == chunk)) {
                        for (Evaluator.Tally t : batches(batches, Math.min(settings.workers(), batches.size())).mapPartitions(share).collect()) {
                            total.merge(t);
                        }
                        batches.forEach(b -> progress.step(b.size(), Double.NaN));
                        batches.clear();
                    }
                    if (ds == null) {
                        break;
                    }
                }
            }
            progress.done();
            return total.metrics(split);
        } finally {
            conf.destroy();
            params.destroy();
        }
    }

    /**
     * One partition's share of an evaluation, on an executor: the broadcast network rebuilt with the speed layer for this
     * task alone (a graph's forward pass is not shared between threads, and nothing outlives the task: an executor's
     * threads go back to training rounds), its batches counted.
     */
    static final class EvalShare implements FlatMapFunction<Iterator<DataSet>, Evaluator.Tally> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<String> conf;
        private final Broadcast<INDArray> params;
        private final int classes, views;

        EvalShare(Broadcast<String> conf, Broadcast<INDArray> params, int classes, int views) {
            this.conf = conf;
            this.params = params;
            this.classes = classes;
            this.views = views;
        }

        @Override
        public Iterator<Evaluator.Tally> call(Iterator<DataSet> batches) {
            ComputationGraph g = new ComputationGraph(ComputationGraphConfiguration.fromJson(conf.value()));
            g.init(params.value(), true);
            FastPath.install(g);
            Evaluator.Tally t = new Evaluator.Tally(classes, views);
            while (batches.hasNext()) {
                t.add(g, batches.next());
            }
            return List.of(t).iterator();
        }
    }

    /** Averaging rounds run so far. */
    public long rounds() {
        return rounds;
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>(settings.toMap());
        m.put("method", "synchronous parameter averaging (dl4j-spark ParameterAveragingTrainingMaster), updater state averaged");
        m.put("scheduleApplied", "per averaging round: a per-iteration schedule changes its rate between rounds, not within one");
        m.put("sparkVersion", sc.version());
        m.put("dl4jSparkVersion", "1.0.0-M2");
        m.put("defaultParallelism", sc.defaultParallelism());
        return m;
    }

    @Override
    public void close() {
        if (ownContext) {
            sc.stop();
        }
    }

    /**
     * Prepares each worker's copy of the network before its first minibatch of a round. Workers build it from a clone of
     * the configuration, and DL4J's {@code ComputationGraphConfiguration.clone()} drops the iteration and epoch counts:
     * every round would restart Adam's bias correction (measured: 0.008 max parameter difference after two rounds of one
     * worker, 0 with this). The hook sets them back to the driver's at the round's start; and it installs the zoo's speed
     * layer, which a graph built from JSON lacks (without it resnet20 fits 3.5× slower).
     */
    static final class WorkerHook implements TrainingHook {
        private static final Set<Model> DONE = Collections.synchronizedSet(Collections.newSetFromMap(new java.util.WeakHashMap<>()));
        private final int iteration, epoch;

        WorkerHook(int iteration, int epoch) {
            this.iteration = iteration;
            this.epoch = epoch;
        }

        private void prepare(Model m) {
            if (m instanceof ComputationGraph g && DONE.add(g)) {
                g.getConfiguration().setIterationCount(iteration);
                g.getConfiguration().setEpochCount(epoch);
                FastPath.install(g);
            }
        }

        @Override
        public void preUpdate(org.nd4j.linalg.dataset.api.DataSet minibatch, Model model) {
            prepare(model);
        }

        @Override
        public void postUpdate(org.nd4j.linalg.dataset.api.DataSet minibatch, Model model) {
        }

        @Override
        public void preUpdate(MultiDataSet minibatch, Model model) {
            prepare(model);
        }

        @Override
        public void postUpdate(MultiDataSet minibatch, Model model) {
        }
    }
}
